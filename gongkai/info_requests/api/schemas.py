"""Request and response schemas of the 依申请公开 API."""

import datetime as dt
from decimal import Decimal

from ninja import Schema

from ..choices import (
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    DeliveryMethod,
    IdType,
    MassReviewDecision,
    ProvisionForm,
    RemedyResult,
    ServiceMethod,
    SuitKind,
)
from ..fees import FeeMethod
from ..outcomes import ApplicantType, Outcome
from ..states import Status

# --- schemas --------------------------------------------------------------------------------


class ApplicationIn(Schema):
    """The Art. 29 contents of an application."""

    applicant_type: ApplicantType
    applicant_name: str
    id_type: IdType
    id_number: str
    legal_representative: str = ""
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    description: str
    document_number: str = ""
    provision_form: ProvisionForm
    delivery_method: DeliveryMethod
    # The organ addressed (organisation code); the county government when left out.
    organisation: str | None = None


class OnlineApplicationIn(ApplicationIn):
    # The applicant's promise that the data is true, as on the portal's form.
    declaration: bool


class SubmittedOut(Schema):
    tracking_number: str
    query_code: str
    status: Status
    status_label: str
    message: str


class LookupIn(Schema):
    tracking_number: str
    query_code: str


class LetterOut(Schema):
    title: str
    on: dt.date


class PublicStatusOut(Schema):
    tracking_number: str
    status: Status
    status_label: str
    submitted_on: dt.date
    received_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    provisional_warning: str
    closed_on: dt.date | None
    organisation_name: str
    unit_name: str
    letters: list[LetterOut]


class UnitOut(Schema):
    code: str
    name: str


class RowOut(Schema):
    id: int
    tracking_number: str
    status: Status
    status_label: str
    channel: Channel
    applicant_type: ApplicantType
    applicant_name: str
    organisation: UnitOut
    unit: UnitOut | None
    submitted_on: dt.date
    received_on: dt.date | None
    due_on: dt.date | None
    days_left: int | None
    overdue: bool
    warning: bool
    provisional: bool
    closed_on: dt.date | None


class EventOut(Schema):
    action: str
    action_label: str
    from_status: str
    to_status: str
    on_date: dt.date | None
    actor_name: str
    note: str
    created_at: dt.datetime


class WithheldPartIO(Schema):
    description: str
    reason: Outcome
    legal_basis: str = ""


class ConsultationOut(Schema):
    id: int
    kind: ConsultationKind
    party: str
    sent_on: dt.date
    answered_on: dt.date | None
    answer: str


class FeeNoticeOut(Schema):
    id: int
    method: FeeMethod
    n_in_month: int | None
    pages: int | None
    amount: Decimal
    sent_on: dt.date
    notice_received_on: dt.date | None
    paid_on: dt.date | None
    cancelled_on: dt.date | None


class CorrectionOut(Schema):
    issued_on: dt.date
    items: str
    correct_by: dt.date
    corrected_on: dt.date | None
    issued_late: bool


class ExtensionOut(Schema):
    days: int
    reason: str
    approved_by_name: str
    approved_on: dt.date
    notified_on: dt.date
    original_due_on: dt.date


class ServiceOut(Schema):
    method: ServiceMethod
    served_on: dt.date
    sent_on: dt.date | None
    carrier: str
    tracking_number: str


class RemedyOut(Schema):
    id: int
    kind: str
    organ: str
    case_number: str
    filed_on: dt.date
    result: RemedyResult
    decided_on: dt.date | None


class SuggestionOut(Schema):
    outcome: Outcome
    message: str


class DetailOut(RowOut):
    applicant_type: ApplicantType
    id_type: IdType
    id_number: str
    legal_representative: str
    contact_person: str
    phone: str
    email: str
    address: str
    postcode: str
    description: str
    document_number: str
    provision_form: ProvisionForm
    delivery_method: DeliveryMethod
    due_provisional: bool
    provisional_warning: str
    at_the_latest: bool
    custom_due_on: dt.date | None
    outcome: Outcome | None
    outcome_label: str
    legal_basis: str
    reply_content: str
    responsible_organ: str
    withheld_parts: list[WithheldPartIO]
    approved_by_name: str
    approved_on: dt.date | None
    archived_on: dt.date | None
    correction: CorrectionOut | None
    extension: ExtensionOut | None
    consultations: list[ConsultationOut]
    fee_notices: list[FeeNoticeOut]
    service: ServiceOut | None
    remedies: list[RemedyOut]
    available_actions: list[str]
    suggestions: list[SuggestionOut]
    events: list[EventOut]


class RegisterIn(ApplicationIn):
    channel: Channel
    submitted_on: dt.date
    # Signed post: the day the organ signed for the letter (the receipt date).
    signed_on: dt.date | None = None


class OnTheSpotIn(ApplicationIn):
    outcome: Outcome
    reply_content: str
    legal_basis: str | None = None


class RegisteredOut(Schema):
    id: int
    tracking_number: str
    query_code: str
    status: Status


class QueryCodeOut(Schema):
    tracking_number: str
    query_code: str


class NoteIn(Schema):
    note: str = ""


class ConfirmIn(NoteIn):
    received_on: dt.date


class UnreachableIn(Schema):
    on: dt.date
    note: str


class DispatchIn(NoteIn):
    unit: str  # organisation code
    dispatched_on: dt.date | None = None


class AcceptIn(Schema):
    accepted_on: dt.date | None = None


class TransferIn(Schema):
    unit: str
    reason: str
    transferred_on: dt.date | None = None


class CorrectionIn(Schema):
    issued_on: dt.date
    items: str
    correct_by: dt.date


class CorrectedIn(NoteIn):
    corrected_on: dt.date


class ClosingIn(NoteIn):
    closed_on: dt.date


class ConsultationIn(NoteIn):
    kind: ConsultationKind
    party: str
    sent_on: dt.date


class ConsultationAnswerIn(NoteIn):
    answered_on: dt.date
    answer: ConsultationAnswer


class FeeNoticeIn(Schema):
    method: FeeMethod
    sent_on: dt.date
    pages: int | None = None
    notice_received_on: dt.date | None = None


class FeeDeliveredIn(Schema):
    notice_received_on: dt.date


class FeePaidIn(Schema):
    paid_on: dt.date
    receipt_number: str = ""


class FeeCancelIn(Schema):
    cancelled_on: dt.date
    reason: str


class ExtensionIn(Schema):
    days: int
    reason: str
    notified_on: dt.date
    # The head who approved (username); the caller when left out.
    approver: str | None = None
    approved_on: dt.date | None = None


class MassReviewIn(NoteIn):
    requested_on: dt.date


class MassDecisionIn(Schema):
    decision: MassReviewDecision
    decided_on: dt.date
    reasons: str = ""
    reasons_received_on: dt.date | None = None
    custom_due_on: dt.date | None = None


class ReplyIn(Schema):
    outcome: Outcome
    reply_content: str
    # Left out: the outcome's default basis (Table 三 row).
    legal_basis: str | None = None
    withheld_parts: list[WithheldPartIO] = []
    responsible_organ: str = ""


class ReviewIn(NoteIn):
    passed: bool


class ApprovalIn(NoteIn):
    approved: bool
    approved_on: dt.date | None = None


class ServiceIn(NoteIn):
    method: ServiceMethod
    served_on: dt.date
    sent_on: dt.date | None = None
    tracking_number: str = ""


class WithdrawIn(NoteIn):
    withdrawn_on: dt.date


class ArchiveIn(Schema):
    archived_on: dt.date | None = None


class RemedyResultIn(Schema):
    result: RemedyResult = RemedyResult.PENDING
    decided_on: dt.date | None = None
    case_number: str = ""
    note: str = ""


class ReconsiderationIn(RemedyResultIn):
    filed_on: dt.date
    organ: str


class LitigationIn(RemedyResultIn):
    kind: SuitKind
    filed_on: dt.date
    court: str
    reconsideration_id: int | None = None
