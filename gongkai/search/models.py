"""Search index tables. Documents are generic: (doc_type, doc_id) names the source row in another
app, which this app never imports (it sits below publications in the layers).

The n-gram index: on SQLite the FTS5 virtual table `search_fts` (created in migration 0002,
not a model); on PostgreSQL the `SearchGrams.grams` column below with a GIN index.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class GramsField(models.Field):
    """The entry's lexemes as a position-less tsvector on PostgreSQL (queried through a GIN
    index; see gongkai.search.backends.postgres); unused (always NULL) on SQLite, where FTS5
    holds the grams.

    Written from a set of strings sent as one space-separated text (grams never contain a
    space; one string is far cheaper to send than an array of thousands), turned into lexemes
    by array_to_tsvector() so PostgreSQL's text search parser never re-splits the grams."""

    description = "n-gram lexemes"

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_placeholder_sql(
        self, value: Any, compiler: Any, connection: Any
    ) -> tuple[str, tuple[Any, ...]]:
        if connection.vendor == "postgresql":
            return "array_to_tsvector(string_to_array(%s, ' '))", (value,)
        return "%s", (value,)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if connection.vendor != "postgresql":
            return None
        # Lexemes never contain a space (grams are word characters; markers and hashes are not).
        return " ".join(value) if value else ""


class SearchEntry(models.Model):
    """One indexed document (检索条目): what a result page shows and what filters apply to."""

    site_id = models.BigIntegerField("站点")
    doc_type = models.CharField("类型", max_length=40)
    doc_id = models.BigIntegerField("对象编号")
    organisation_id = models.BigIntegerField("发布机构", null=True, blank=True)
    subject_category = models.CharField("主题分类", max_length=100, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    validity = models.CharField("效力", max_length=20, blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    title = models.CharField("标题", max_length=500)
    document_number = models.CharField("文号", max_length=200, blank=True)
    indexed_at = models.DateTimeField("索引时间", auto_now=True)
    # gongkai.search.text.tokens_version() at indexing time; rows of another version are stale.
    tokens_version = models.CharField("分词版本", max_length=20, blank=True)
    # Normalised title and 文号 joined by a newline (gongkai.search.text.search_field): short, so
    # PostgreSQL keeps it in the row and ranks title hits without reading the body.
    search_head = models.TextField("检索标题", blank=True)
    # Normalised body and attachment text joined by a newline: what a term is verified against
    # (PostgreSQL, long terms) and what the SQLite FTS5 rows are deleted with.
    search_text = models.TextField("检索正文", blank=True)
    # The dictionary terms (gongkai.search.text.long_terms) found in the text when it was
    # indexed, space-separated: what the index holds for them, kept so that removal (SQLite's
    # contentless FTS5) uses the same terms even after the dictionary changed.
    search_words = models.TextField("检索词条", blank=True)
    body = models.TextField("正文", blank=True)
    attachments_text = models.TextField("附件文本", blank=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "doc_id"], name="search_entry_doc_unique"),
        ]
        indexes = [
            # A site's first and last publication date (PostgreSQL walks the years between).
            models.Index(fields=["site_id", "-published_on"], name="search_entry_site_date"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}#{self.doc_id} {self.title}"


class SearchGrams(models.Model):
    """PostgreSQL only: an entry's lexemes, in a row of its own so that the rows a search visits
    (the GIN index finds them, counting and sorting by date reads them) are narrow: about 60
    bytes, 130 to a page, against several hundred for the entry. Empty on SQLite."""

    entry = models.OneToOneField(
        SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="grams"
    )
    published_on = models.DateField("发布日期", null=True, blank=True)
    grams = GramsField(null=True, blank=True)

    class Meta:
        verbose_name = "检索词元"
        verbose_name_plural = "检索词元"

    def __str__(self) -> str:
        return f"{self.entry_id}"


class SearchEntryColumn(models.Model):
    """A catalog column (栏目) a document appears in; a document may be in several."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="columns")
    column_id = models.BigIntegerField("栏目")

    class Meta:
        verbose_name = "检索条目栏目"
        verbose_name_plural = "检索条目栏目"
        # The column filter itself is an index token (see the backends); these rows let an
        # entry's tokens be recomputed when it is removed or rewritten.
        constraints = [
            models.UniqueConstraint(fields=["entry", "column_id"], name="search_column_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}@{self.column_id}"


class SearchLog(models.Model):
    """One search a visitor made, anonymously: the normalised text, the site and the time only
    (no IP, no user, no session)."""

    site_id = models.BigIntegerField("站点")
    text = models.CharField("检索词", max_length=100)
    # Whether the search found anything; queries that found nothing never appear as hot
    # searches (typos, and strings planted to be shown on the portal).
    found = models.BooleanField("有结果", default=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "检索记录"
        verbose_name_plural = "检索记录"
        indexes = [
            # Hot searches: one site's recent rows.
            models.Index(fields=["site_id", "created_at"], name="search_log_site_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.text}"
