"""Letters of the 依申请公开 workflow (答复书 and 告知书): templates the disclosure office edits,
per-organisation letter numbers (文号), the issued letter as an immutable snapshot, and its
.docx and PDF files. See docs/adr/0010-letters.md.

Kept free of imports: the models package imports `letters.kinds`, and the workflow services
import `letters.issue`.
"""
