"""The helpers the demo cases are written with: each wraps the services a clerk would use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.core.calendar import load_calendar
from gongkai.organizations.factories import make_credit_code
from gongkai.organizations.models import Organisation, Site

from .. import query_codes, services
from ..factories import make_id_number
from ..models import InfoRequest

DEMO_QUERY_CODE = "GKYSQ825"
PREFIX = "SLX"
D = dt.date

# (name, applicant type, id type, id number, extra fields)
APPLICANTS: dict[str, dict[str, Any]] = {
    "wang": {"applicant_name": "王建国", "id_number": make_id_number(101, born=D(1968, 5, 4))},
    "li": {"applicant_name": "李秀英", "id_number": make_id_number(102, born=D(1975, 8, 19))},
    "zhang": {"applicant_name": "张伟", "id_number": make_id_number(103, born=D(1990, 2, 11))},
    "liu": {"applicant_name": "刘海燕", "id_number": make_id_number(104, born=D(1983, 11, 30))},
    "chen": {"applicant_name": "陈志强", "id_number": make_id_number(105, born=D(1959, 1, 7))},
    "company": {
        "applicant_type": "commercial",
        "applicant_name": "示例县鲁兴建材有限公司",
        "id_type": "credit_code",
        "id_number": make_credit_code("370899", 9001, "9", "1"),
        "legal_representative": "赵德明",
        "contact_person": "孙倩",
    },
    "lawfirm": {
        "applicant_type": "legal_service",
        "applicant_name": "山东示例律师事务所",
        "id_type": "credit_code",
        "id_number": make_credit_code("370899", 9002, "3", "1"),
        "contact_person": "周律师",
    },
    "institute": {
        "applicant_type": "research",
        "applicant_name": "示例大学公共管理研究所",
        "id_type": "credit_code",
        "id_number": make_credit_code("370899", 9003, "1", "2"),
        "contact_person": "吴教授",
    },
    "ngo": {
        "applicant_type": "public_interest",
        "applicant_name": "示例县绿色家园环保志愿者协会",
        "id_type": "credit_code",
        "id_number": make_credit_code("370899", 9004, "5", "1"),
        "contact_person": "郑磊",
    },
}
_PERSON = {"applicant_type": "natural_person", "id_type": "id_card"}
_CONTACT = {
    "phone": "13905370000",
    "address": "示例县人民路88号",
    "postcode": "272000",
    "provision_form": "paper",
    "delivery_method": "post",
}
GRANTED = "经审查，您申请公开的信息属于可以公开的政府信息，现将相关信息随本答复书一并提供。"


@dataclass
class DemoRequests:
    created: int = 0
    skipped: int = 0
    tracking_numbers: list[str] = field(default_factory=list)


class Builder:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.today = timezone.localdate()
        self.calendar = load_calendar()
        self.result = DemoRequests()
        users = get_user_model().objects
        self.office = users.filter(username="office").first()

    # -- helpers ---------------------------------------------------------------------------

    def org(self, code: str) -> Organisation:
        return Organisation.objects.get(site=self.site, code=PREFIX + code)

    def clerk(self, code: str) -> Any:
        return get_user_model().objects.filter(username=f"{code.lower()}_a").first()

    def back(self, working_days: int) -> dt.date:
        """The date `working_days` working days before today."""
        day, left = self.today, working_days
        while left > 0:
            day -= dt.timedelta(days=1)
            if self.calendar.is_working(day):
                left -= 1
        return day

    def register(
        self, who: str, description: str, received: dt.date, **kwargs: Any
    ) -> InfoRequest | None:
        if InfoRequest.objects.filter(site=self.site, description=description).exists():
            self.result.skipped += 1
            return None
        applicant = {**_PERSON, **_CONTACT, **APPLICANTS[who]}
        organisation = self.org(kwargs.pop("organ", "ZF"))
        registration = services.info_request_register(
            site=self.site,
            channel=kwargs.pop("channel", "in_person"),
            submitted_on=kwargs.pop("submitted", received),
            organisation=organisation,
            actor=self.office,
            description=description,
            **{**applicant, **kwargs},
        )
        info_request = registration.info_request
        # An online application submitted earlier is confirmed on its receipt date; one
        # submitted on the receipt date itself is left waiting for the office.
        if info_request.status == "submitted" and info_request.submitted_on != received:
            services.info_request_confirm_receipt(
                info_request=info_request, received_on=received, actor=self.office
            )
        self.remember(info_request)
        return info_request

    def remember(self, info_request: InfoRequest) -> None:
        # Demo data: one known code, so the public lookup can be tried.
        InfoRequest.objects.filter(pk=info_request.pk).update(
            query_code_hash=query_codes.hash_code(DEMO_QUERY_CODE)
        )
        self.result.created += 1
        self.result.tracking_numbers.append(info_request.tracking_number)

    def handle(self, info_request: InfoRequest, unit: str, on: dt.date) -> None:
        services.info_request_dispatch(
            info_request=info_request, unit=self.org(unit), actor=self.office, dispatched_on=on
        )
        services.info_request_accept(
            info_request=info_request, actor=self.clerk(unit), accepted_on=on
        )

    def reply(self, info_request: InfoRequest, unit: str, outcome: str, text: str, **kw: Any):
        services.info_request_draft_reply(
            info_request=info_request,
            outcome=outcome,
            reply_content=text,
            actor=self.clerk(unit),
            **kw,
        )

    def approve(self, info_request: InfoRequest, unit: str, on: dt.date) -> None:
        services.info_request_submit_reply(info_request=info_request, actor=self.clerk(unit))
        services.info_request_review(info_request=info_request, passed=True, actor=self.office)
        services.info_request_approve(
            info_request=info_request, approved=True, actor=self.office, approved_on=on
        )

    def serve(self, info_request: InfoRequest, unit: str, on: dt.date, n: int = 0) -> None:
        services.info_request_serve(
            info_request=info_request,
            method="post",
            sent_on=on - dt.timedelta(days=2),
            served_on=on,
            tracking_number=f"XA{on:%y%m%d}{n:03d}CN",
            actor=self.clerk(unit),
        )

    def closed(
        self,
        who: str,
        description: str,
        received: dt.date,
        unit: str,
        outcome: str,
        text: str,
        *,
        approved: dt.date,
        served: dt.date,
        archive: bool = True,
        before_reply: Any = None,
        **reply: Any,
    ) -> InfoRequest | None:
        """A whole case: register, dispatch, (extra steps), reply, approve, serve, archive."""
        info_request = self.register(who, description, received, **reply.pop("intake", {}))
        if info_request is None:
            return None
        self.handle(info_request, unit, received)
        if before_reply is not None:
            before_reply(info_request)
        self.reply(info_request, unit, outcome, text, **reply)
        self.approve(info_request, unit, approved)
        self.serve(info_request, unit, served, self.result.created)
        if archive:
            services.info_request_archive(
                info_request=info_request, actor=self.office, archived_on=served
            )
        return info_request

    # -- steps used by the cases -----------------------------------------------------------

    def consult(
        self,
        info_request: InfoRequest,
        unit: str,
        sent: dt.date,
        answered: dt.date | None,
        answer: str,
    ) -> None:
        consultation = services.consultation_start(
            info_request=info_request,
            kind="third_party",
            party="示例县鲁兴建材有限公司",
            sent_on=sent,
            actor=self.clerk(unit),
        )
        if answered is not None:
            services.consultation_answer(
                consultation=consultation,
                answered_on=answered,
                answer=answer,
                actor=self.clerk(unit),
            )

    def fee(
        self,
        info_request: InfoRequest,
        unit: str,
        pages: int,
        sent: dt.date,
        delivered: dt.date | None,
        paid: dt.date | None = None,
    ) -> None:
        notice = services.fee_notice_issue(
            info_request=info_request,
            method="per_volume",
            pages=pages,
            sent_on=sent,
            notice_received_on=delivered,
            actor=self.clerk(unit),
        )
        if paid is not None:
            services.fee_notice_paid(
                fee_notice=notice,
                paid_on=paid,
                receipt_number=f"鲁财票{paid:%Y%m%d}01",
                actor=self.clerk(unit),
            )

    def correct(
        self, info_request: InfoRequest, unit: str, issued: dt.date, by: dt.date, corrected: dt.date
    ) -> None:
        services.correction_issue(
            info_request=info_request,
            issued_on=issued,
            items="请写明所需文件的名称、文号或者其他特征性描述。",
            correct_by=by,
            actor=self.clerk(unit),
        )
        services.correction_receive(
            info_request=info_request, corrected_on=corrected, actor=self.clerk(unit)
        )

    def mass(self, info_request: InfoRequest, unit: str, asked: dt.date, decided: dt.date) -> None:
        services.mass_review_request_reasons(
            info_request=info_request, requested_on=asked, actor=self.clerk(unit)
        )
        services.mass_review_decide(
            info_request=info_request,
            decision="unreasonable",
            decided_on=decided,
            reasons="用于个人研究。",
            reasons_received_on=decided,
            actor=self.clerk(unit),
        )
