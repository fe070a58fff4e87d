"""② the reply: one outcome leaf, its legal basis, reasons per withheld part; ③ service; and
the suggestions offered to the drafter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.info_requests import services as svc
from gongkai.info_requests.factories import InfoRequestFactory
from gongkai.info_requests.outcomes import Outcome
from gongkai.info_requests.selectors import reply_suggestions, similar_descriptions
from gongkai.info_requests.services import WithheldPartInput as Part
from gongkai.info_requests.states import Status

from .conftest import PERSON, RECEIVED

D = dt.date
CONTENT = "经审查，现答复如下：……"


def _draft(info_request, actor, outcome, **kwargs):
    return svc.info_request_draft_reply(
        info_request=info_request, outcome=outcome, reply_content=CONTENT, actor=actor, **kwargs
    )


def test_legal_basis_defaults_from_the_outcome_and_can_be_edited(drafting, clerk_a):
    info_request = _draft(drafting(), clerk_a, "unable_needs_creation")
    assert info_request.legal_basis == "《中华人民共和国政府信息公开条例》第三十八条"
    info_request = _draft(
        info_request, clerk_a, "unable_needs_creation", legal_basis="《条例》第三十八条之规定"
    )
    assert info_request.legal_basis == "《条例》第三十八条之规定"


def test_partial_disclosure_needs_a_reason_per_withheld_part(drafting, clerk_a):
    info_request = drafting()
    with pytest.raises(ValidationError) as exc:
        _draft(info_request, clerk_a, "partial")
    assert "逐项说明" in exc.value.message_dict["withheld_parts"][0]
    parts = [
        Part("低保对象的身份证号码和银行账号", "denied_third_party"),
        Part("内部讨论记录", "denied_process", "《条例》第十六条第二款"),
    ]
    info_request = _draft(info_request, clerk_a, "partial", withheld_parts=parts)
    stored = list(info_request.withheld_parts.values_list("position", "reason", "legal_basis"))
    assert stored[0][:2] == (1, "denied_third_party")
    assert "第十五条" in stored[0][2]  # defaulted from the reason's row
    assert stored[1] == (2, "denied_process", "《条例》第十六条第二款")
    # A new draft replaces the parts, it does not add to them.
    _draft(info_request, clerk_a, "partial", withheld_parts=parts[:1])
    assert info_request.withheld_parts.count() == 1


def test_a_withheld_part_must_give_a_refusal_reason(drafting, clerk_a):
    with pytest.raises(ValidationError, match="第1项不予公开部分的理由无效"):
        _draft(drafting(), clerk_a, "partial", withheld_parts=[Part("名单", "granted")])


def test_granted_reply_has_no_withheld_parts(drafting, clerk_a):
    with pytest.raises(ValidationError, match="不列不予公开部分"):
        _draft(drafting(), clerk_a, "granted", withheld_parts=[Part("名单", "denied_state_secret")])


def test_outcome_without_a_default_basis_needs_one_typed(drafting, clerk_a):
    with pytest.raises(ValidationError) as exc:
        _draft(drafting(), clerk_a, "np_confirm_reissue")
    assert exc.value.message_dict["legal_basis"] == ["请填写法律依据。"]


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        ("other_no_correction", "逾期未补正终止办理"),
        ("other_fee_unpaid", "逾期未缴费终止办理"),
        ("total", "请选择一项办理结果"),
        ("unable_unclear", "须先告知补正并收到补正材料"),
    ],
)
def test_outcomes_that_are_not_replies_here_are_refused(drafting, clerk_a, outcome, message):
    with pytest.raises(ValidationError) as exc:
        _draft(drafting(), clerk_a, outcome)
    assert message in exc.value.message_dict["outcome"][0]


def test_still_unclear_after_correction(drafting, clerk_a):
    info_request = drafting()
    svc.correction_issue(
        info_request=info_request,
        issued_on=D(2025, 9, 24),
        items="请明确所需信息",
        correct_by=D(2025, 10, 15),
        actor=clerk_a,
    )
    svc.correction_receive(info_request=info_request, corrected_on=D(2025, 10, 13), actor=clerk_a)
    assert _draft(info_request, clerk_a, "unable_unclear").outcome == Outcome.UNABLE_UNCLEAR


def test_not_held_names_the_responsible_organ_outside_the_site(drafting, clerk_a):
    info_request = _draft(
        drafting(), clerk_a, "unable_not_held", responsible_organ="示例市自然资源和规划局"
    )
    assert info_request.responsible_organ == "示例市自然资源和规划局"
    with pytest.raises(ValidationError) as exc:
        _draft(info_request, clerk_a, "granted", responsible_organ="示例市自然资源和规划局")
    assert "responsible_organ" in exc.value.message_dict


def test_approval_records_who_and_when_and_the_reply_cannot_change_after(approved, clerk_a):
    info_request = approved()
    assert info_request.approved_by_name == "刘芳"
    with pytest.raises(ValidationError, match="不能撰写答复"):
        _draft(info_request, clerk_a, "partial")


# --- service --------------------------------------------------------------------------------


def test_postal_service_through_china_post_counts_the_signature_date(approved, clerk_a):
    info_request = approved()
    with pytest.raises(ValidationError) as exc:
        svc.info_request_serve(
            info_request=info_request, method="post", served_on=D(2025, 10, 24), actor=clerk_a
        )
    assert exc.value.message_dict["tracking_number"] == ["邮寄送达须填写中国邮政的邮件号码。"]
    service = svc.info_request_serve(
        info_request=info_request,
        method="post",
        sent_on=D(2025, 10, 21),
        served_on=D(2025, 10, 24),
        tracking_number="xa 1234 5678 9cn",
        actor=clerk_a,
    )
    assert (service.carrier, service.tracking_number) == ("中国邮政", "XA123456789CN")
    info_request.refresh_from_db()
    assert info_request.status == Status.SERVED
    assert info_request.closed_on == D(2025, 10, 24)


def test_service_cannot_predate_approval(approved, clerk_a):
    info_request = approved(approved_on=D(2025, 10, 20))
    with pytest.raises(ValidationError) as exc:
        svc.info_request_serve(
            info_request=info_request, method="email", served_on=D(2025, 10, 17), actor=clerk_a
        )
    assert "不能早于签发日期" in exc.value.message_dict["served_on"][0]


def test_on_the_spot_answer_is_registered_and_closed_the_same_day(site, office, calendar, orgs):
    registration = svc.info_request_answer_on_the_spot(
        site=site,
        outcome="granted",
        reply_content="当场提供了《示例县2025年政府工作报告》。",
        answered_on=RECEIVED,
        actor=office,
        **PERSON,
    )
    info_request = registration.info_request
    assert info_request.status == Status.SERVED
    assert info_request.received_on == info_request.closed_on == info_request.approved_on
    assert info_request.unit == orgs["office"]
    assert info_request.service.method == "in_person"
    assert list(info_request.events.values_list("action", flat=True)) == [
        "register",
        "answer_on_the_spot",
    ]


# --- suggestions ----------------------------------------------------------------------------


def test_repeat_application_of_the_same_applicant_is_suggested(drafting, site, orgs, served):
    earlier = served()
    other_person = InfoRequestFactory(
        site=site,
        organisation=orgs["dept"],
        description=PERSON["description"],
        status=Status.SERVED,
        closed_on=D(2025, 10, 21),
        outcome="granted",
    )
    info_request = drafting(description="2024年 示例县城乡最低生活保障资金发放明细。")
    suggestions = reply_suggestions(info_request)
    assert [s.outcome for s in suggestions] == [Outcome.NP_REPEAT]
    assert suggestions[0].related == (earlier,)
    assert earlier.tracking_number in suggestions[0].message
    assert other_person not in suggestions[0].related


def test_an_open_or_different_earlier_application_is_not_a_repeat(drafting):
    drafting()  # same applicant, not answered yet
    info_request = drafting(description="2025年县城供热价格调整的成本监审报告")
    assert reply_suggestions(info_request) == []


def test_petition_like_wording_is_suggested(drafting):
    info_request = drafting(description="举报某村干部违规发放低保，要求查处并公开处理结果")
    [suggestion] = reply_suggestions(info_request)
    assert suggestion.outcome == Outcome.NP_PETITION
    assert "“举报、要求查处”" in suggestion.message


def test_similarity_ignores_punctuation_and_spacing():
    assert similar_descriptions("2024年，示例县低保资金发放明细", "2024年示例县低保资金发放明细。")
    assert not similar_descriptions("低保资金发放明细", "供热价格成本监审报告")
