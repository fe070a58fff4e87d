"""Annual report (政府信息公开工作年度报告, national format) and statistics."""
