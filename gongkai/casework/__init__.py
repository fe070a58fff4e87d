"""The casework kit: what every case-handling app shares (ADR 0015).

An information request, a citizen's message, a supervision order and an annual report are all
cases: someone may act on them, they move through a table of statuses, each move leaves an
append-only event row, legal clocks stop and run, and the pages and the API offer exactly the
steps the services will accept. This package holds that machinery once; the apps hold only their
own statuses, steps, forms and services.

Who is acting and who may act live one layer down, beside the organisations' access rules, so
that the catalog and the organisations' own services decide the same way:
`organizations.actors` (one `Actor`: staff, the system, a platform operator, the applicant) and
`organizations.authority` (one `authorise()` over rules: the site's office, a unit's staff, a
named head, the applicant).

* `workflow`   — a status table and its transition check.
* `events`     — the abstract event row and the log that writes it on every move and step.
* `clock`      — clock stops (不计入期限的期间) resolved over the working-day calendar.
* `steps`      — the step table: the one predicate that both offers a step and enforces it.
* `pages`      — the generic step page (a form, one service call, back to the case).
* `endpoints`  — the generic step endpoint of the JSON API.
"""
