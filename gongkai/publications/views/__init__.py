"""Workbench pages of publications (under /manage/publications/) and the attachment downloads."""
