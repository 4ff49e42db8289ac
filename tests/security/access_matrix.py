"""The access matrix: who gets what on every URL of the site (see tests/security/test_access_matrix.py,
which checks it, and tests/security/test_csrf.py, which POSTs to every row of it).

Each row is (route, path, (anonymous, supplier, other supplier, program staff, admin)). Codes: a
number is the status; "login" is a redirect to allauth's login page, "admin-login" to the admin's
(which sends on to allauth's), "→/x" a redirect to a location that starts with /x.
"""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from events import attendance
from events.models import Buyer, Certificate, Registration
from notices.alerts.models import SuppressedAddress
from notices.award_models import Award
from portal.models import ContactMessage
from suppliers import team
from suppliers.models import Invitation, ReviewEvent
from tests.events.factories import EventFactory
from tests.factories import StaffFactory
from tests.notices.factories import AgencyFactory
from tests.suppliers.factories import SupplierFactory

L, AL = "login", "admin-login"
# Where staff (program staff and admins) without a second factor are sent from every other page.
SECOND_FACTOR = "→/accounts/2fa/totp/activate/"
# What they may still open: their account's pages (which know no roles: they see them as a
# supplier does), the language switch, the health check, and the admin's logout.
OPEN_WITHOUT_SECOND_FACTOR = ("/accounts/", "/i18n/", "/healthz")
CONFIRM_KEY = r"accounts/^confirm-email/(?P<key>[-:\w]+)/$"
# The portal's own confirmation page, in front of allauth's (it also says when a link was used).
PORTAL_CONFIRM_KEY = r"^accounts/confirm-email/(?P<key>[-:\w]+)/$"
RESET_KEY = r"accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$"

# (route, path, (anonymous, supplier, other supplier, program staff, admin))
SITE = [
    ("", "/", (200, 200, 200, 200, 200)),
    ("healthz", "/healthz", (200, 200, 200, 200, 200)),
    ("help/", "/help/", (200, 200, 200, 200, 200)),
    ("contact/", "/contact/", (200, 200, 200, 200, 200)),
    ("privacy/", "/privacy/", (200, 200, 200, 200, 200)),
    ("accessibility/", "/accessibility/", (200, 200, 200, 200, 200)),
    ("i18n/setlang/", "/i18n/setlang/", (405, 405, 405, 405, 405)),
    ("accounts/preferences/", "/accounts/preferences/", (L, 200, 200, 200, 200)),
    ("accounts/login/", "/accounts/login/", (200, "→/", "→/", "→/", "→/")),
    ("accounts/logout/", "/accounts/logout/", ("→/", 200, 200, 200, 200)),
    ("accounts/inactive/", "/accounts/inactive/", (200, 200, 200, 200, 200)),
    ("accounts/signup/", "/accounts/signup/", (200, "→/", "→/", "→/", "→/")),
    ("accounts/reauthenticate/", "/accounts/reauthenticate/", (L, 200, 200, 200, 200)),
    ("accounts/email/", "/accounts/email/", (L, 200, 200, 200, 200)),
    ("accounts/confirm-email/", "/accounts/confirm-email/", (200, 200, 200, 200, 200)),
    ("accounts/password/change/", "/accounts/password/change/", (L, 200, 200, 200, 200)),
    (
        "accounts/password/set/",
        "/accounts/password/set/",
        (L,) + ("→/accounts/password/change/",) * 4,
    ),
    ("accounts/password/reset/", "/accounts/password/reset/", (200, 200, 200, 200, 200)),
    ("accounts/login/code/confirm/", "/accounts/login/code/confirm/", (L, "→/", "→/", "→/", "→/")),
    (CONFIRM_KEY, "/accounts/confirm-email/not-a-key/", (200, 200, 200, 200, 200)),
    (PORTAL_CONFIRM_KEY, "/accounts/confirm-email/not-a-key/", (200, 200, 200, 200, 200)),
    ("accounts/password/reset/key/done/", "/accounts/password/reset/key/done/", (200,) * 5),
    (RESET_KEY, "/accounts/password/reset/key/1-not-a-key/", (200, 200, 200, 200, 200)),
    ("accounts/password/reset/done/", "/accounts/password/reset/done/", (200,) * 5),
    ("accounts/2fa/", "/accounts/2fa/", (L, 200, 200, 200, 200)),
    ("accounts/2fa/authenticate/", "/accounts/2fa/authenticate/", (L, "→/", "→/", "→/", "→/")),
    (
        "accounts/2fa/reauthenticate/",
        "/accounts/2fa/reauthenticate/",
        (L, "→/accounts/reauthenticate/", "→/accounts/reauthenticate/", 200, 200),
    ),
    (
        "accounts/2fa/totp/activate/",
        "/accounts/2fa/totp/activate/",
        (L,) + ("→/accounts/reauthenticate/",) * 4,
    ),
    (
        "accounts/2fa/totp/deactivate/",
        "/accounts/2fa/totp/deactivate/",
        (L, 404, 404, "→/accounts/reauthenticate/", "→/accounts/reauthenticate/"),
    ),
    ("accounts/2fa/recovery-codes/", "/accounts/2fa/recovery-codes/", (L, 404, 404, 404, 404)),
    (
        "accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/recovery-codes/generate/",
        (L,) + ("→/accounts/reauthenticate/",) * 4,
    ),
    (
        "accounts/2fa/recovery-codes/download/",
        "/accounts/2fa/recovery-codes/download/",
        (L, 404, 404, 404, 404),
    ),
    # The supplier's own profile: there is no URL with someone else's.
    ("supplier/", "/supplier/", (L, 200, 200, 200, 200)),
    ("supplier/start/", "/supplier/start/", (L, "→/supplier/", "→/supplier/", 200, 200)),
    ("supplier/submit/", "/supplier/submit/", (L, 405, 405, 405, 405)),
    ("supplier/certifications/", "/supplier/certifications/", (L, 200, 200, 404, 404)),
    ("supplier/declarations/", "/supplier/declarations/", (L, 200, 200, 404, 404)),
    ("supplier/documents/", "/supplier/documents/", (L, 200, 200, 404, 404)),
    # The supplier's document: its owner and admins (reviewers) read it; nobody else learns it exists.
    (
        "supplier/documents/<int:pk>/download/",
        "/supplier/documents/{document}/download/",
        (L, 200, 404, 404, 200),
    ),
    (
        "supplier/documents/<int:pk>/delete/",
        "/supplier/documents/{document}/delete/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/documents/<int:pk>/replace/",
        "/supplier/documents/{document}/replace/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/categories/search/",
        "/supplier/categories/search/?q=solar",
        (L, 200, 200, 200, 200),
    ),
    # The team: its owner's page (each owner sees their own company's); what it changes is theirs.
    ("supplier/team/", "/supplier/team/", (L, 200, 200, 404, 404)),
    ("supplier/team/ask/", "/supplier/team/ask/", (L, 405, 405, 405, 405)),
    # Leaving a company: the page for someone on a team (an owner is told to hand it over first).
    ("supplier/team/leave/", "/supplier/team/leave/", (L, 200, 200, 404, 404)),
    # An invitation's link: a visitor reads whom it invites and is asked to sign in; an account
    # that has not confirmed the invited address is refused, whoever it is.
    (
        "supplier/team/join/<str:token>/",
        "/supplier/team/join/{invitation}/",
        (200, 403, 403, 403, 403),
    ),
    ("supplier/team/join/<str:token>/", "/supplier/team/join/1-forged/", (404, 404, 404, 404, 404)),
    (
        "supplier/team/invitations/<int:pk>/send-again/",
        "/supplier/team/invitations/999999/send-again/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/team/invitations/<int:pk>/withdraw/",
        "/supplier/team/invitations/999999/withdraw/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/team/members/<int:pk>/role/",
        "/supplier/team/members/999999/role/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/team/members/<int:pk>/transfer/",
        "/supplier/team/members/999999/transfer/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/team/members/<int:pk>/remove/",
        "/supplier/team/members/999999/remove/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/team/requests/<int:pk>/invite/",
        "/supplier/team/requests/999999/invite/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/team/requests/<int:pk>/decline/",
        "/supplier/team/requests/999999/decline/",
        (L, 405, 405, 405, 405),
    ),
    ("supplier/<slug:section>/", "/supplier/identity/", (L, 200, 200, 404, 404)),
    ("supplier/<slug:section>/", "/supplier/no-such-section/", (L, 404, 404, 404, 404)),
    ("alerts/", "/alerts/", (L, 200, 200, 200, 200)),
    ("alerts/new/", "/alerts/new/", (L, 200, 200, 200, 200)),
    ("alerts/log/", "/alerts/log/", (L, 200, 200, 200, 200)),
    ("alerts/log/confirm-address/", "/alerts/log/confirm-address/", (L, 405, 405, 405, 405)),
    # The supplier's alert: nobody else, not even an admin, reads or changes it.
    ("alerts/<int:pk>/", "/alerts/{alert}/", (L, 200, 404, 404, 404)),
    ("alerts/<int:pk>/pause/", "/alerts/{alert}/pause/", (L, 405, 405, 405, 405)),
    # GET asks to confirm the deletion; POST deletes.
    ("alerts/<int:pk>/delete/", "/alerts/{alert}/delete/", (L, 200, 404, 404, 404)),
    ("alerts/<int:pk>/restore/", "/alerts/{alert}/restore/", (L, 405, 405, 405, 405)),
    # One click from the e-mail, without logging in: the signed token is the credential.
    ("alerts/unsubscribe/<str:token>/", "/alerts/unsubscribe/{token}/", (200, 200, 200, 200, 200)),
    (
        "alerts/unsubscribe/<str:token>/",
        "/alerts/unsubscribe/forged-token/",
        (400, 400, 400, 400, 400),
    ),
    ("dashboard/", "/dashboard/", (L, 403, 403, 200, 200)),
    ("dashboard/recount/", "/dashboard/recount/", (L, 403, 403, 405, 405)),
    # The sustainability assessment (no assessment, action or evidence exists in this world).
    ("supplier/assessment/", "/supplier/assessment/", (L, 200, 200, 404, 404)),
    ("supplier/assessment/start/", "/supplier/assessment/start/", (L, 405, 405, 405, 405)),
    ("supplier/assessment/submit/", "/supplier/assessment/submit/", (L, 405, 405, 405, 405)),
    ("supplier/assessment/plan/", "/supplier/assessment/plan/", (L, 200, 200, 404, 404)),
    (
        "supplier/assessment/actions/<int:pk>/progress/",
        "/supplier/assessment/actions/999999/progress/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/assessment/actions/<int:pk>/evidence/",
        "/supplier/assessment/actions/999999/evidence/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/assessment/evidence/<int:pk>/download/",
        "/supplier/assessment/evidence/999999/download/",
        (L, 404, 404, 404, 404),
    ),
    (
        "supplier/assessment/evidence/<int:pk>/delete/",
        "/supplier/assessment/evidence/999999/delete/",
        (L, 405, 405, 405, 405),
    ),
    (
        "supplier/assessment/<slug:code>/",
        "/supplier/assessment/environment/",
        (L, "→/supplier/assessment/", "→/supplier/assessment/", 404, 404),
    ),
    (
        "supplier/assessment/<slug:code>/",
        "/supplier/assessment/no-such-section/",
        (L, 404, 404, 404, 404),
    ),
    (
        "supplier/assessment/<slug:code>/questions/<int:question_pk>/evidence/",
        "/supplier/assessment/environment/questions/999999/evidence/",
        (L, 405, 405, 405, 405),
    ),
    ("dashboard/<slug:chart>.csv", "/dashboard/registrations.csv", (L, 403, 403, 200, 200)),
    ("dashboard/<slug:chart>.csv", "/dashboard/no-such-chart.csv", (L, 403, 403, 404, 404)),
    ("staff/assessments/", "/staff/assessments/", (L, 403, 403, 200, 200)),
    ("staff/assessments/<int:pk>/", "/staff/assessments/999999/", (L, 403, 403, 404, 404)),
    (
        "staff/assessments/<int:pk>/decide/",
        "/staff/assessments/999999/decide/",
        (L, 403, 403, 405, 405),
    ),
    (
        "staff/assessments/<int:pk>/inspections/",
        "/staff/assessments/999999/inspections/",
        (L, 403, 403, 405, 405),
    ),
    (
        "staff/assessments/<int:pk>/findings/",
        "/staff/assessments/999999/findings/",
        (L, 403, 403, 405, 405),
    ),
    (
        "staff/assessments/actions/<int:pk>/verify/",
        "/staff/assessments/actions/999999/verify/",
        (L, 403, 403, 405, 405),
    ),
    ("notices/", "/notices/", (200, 200, 200, 200, 200)),
    ("notices/feed/", "/notices/feed/", (200, 200, 200, 200, 200)),
    ("notices/<int:pk>/", "/notices/{notice}/", (200, 200, 200, 200, 200)),
    ("notices/<int:pk>/calendar.ics", "/notices/{notice}/calendar.ics", (200, 200, 200, 200, 200)),
    (
        "notices/<int:pk>/documents/<int:document_pk>/",
        "/notices/{notice}/documents/{attachment}/",
        (200,) * 5,
    ),
    # Drafts exist for program staff only: a 404 for everyone else, as if they did not exist.
    ("notices/<int:pk>/", "/notices/{draft}/", (404, 404, 404, 200, 200)),
    ("notices/<int:pk>/calendar.ics", "/notices/{draft}/calendar.ics", (404, 404, 404, 200, 200)),
    # A notice's updates feed: public like the notice; a draft has none, for staff neither.
    ("notices/<int:pk>/feed/", "/notices/{notice}/feed/", (200,) * 5),
    ("notices/<int:pk>/feed/", "/notices/{draft}/feed/", (404,) * 5),
    ("notices/<int:pk>/follow/", "/notices/{notice}/follow/", (L, 405, 405, 405, 405)),
    ("notices/<int:pk>/unfollow/", "/notices/{notice}/unfollow/", (L, 405, 405, 405, 405)),
    ("notices/following/", "/notices/following/", (L, 200, 200, 200, 200)),
    # Expressing interest and asking: a signed-in user's form (the rules refuse staff and users
    # without a company when they submit it); withdrawing is a POST.
    ("notices/<int:pk>/interest/", "/notices/{notice}/interest/", (L, 200, 200, 200, 200)),
    ("notices/<int:pk>/interest/", "/notices/{draft}/interest/", (L, 404, 404, 200, 200)),
    (
        "notices/<int:pk>/interest/withdraw/",
        "/notices/{notice}/interest/withdraw/",
        (L, 405, 405, 405, 405),
    ),
    ("notices/<int:pk>/questions/", "/notices/{notice}/questions/", (L, 200, 200, 200, 200)),
    ("notices/<int:pk>/questions/", "/notices/{draft}/questions/", (L, 404, 404, 200, 200)),
    ("api/notices/", "/api/notices/", (200, 200, 200, 200, 200)),
    ("api/notices/<str:ocid>/", "/api/notices/ocds-unsupp-{notice}/", (200,) * 5),
    # A draft has no record, for anyone: the API publishes public notices only.
    ("api/notices/<str:ocid>/", "/api/notices/ocds-unsupp-{draft}/", (404,) * 5),
    ("api/notices/bulk/", "/api/notices/bulk/", (200,) * 5),
    # Public like the API; before the first build there is no file to give.
    ("api/notices/bulk/<str:key>.json.gz", "/api/notices/bulk/all.json.gz", (404,) * 5),
    ("staff/notices/", "/staff/notices/", (L, 403, 403, 200, 200)),
    ("staff/notices/new/", "/staff/notices/new/", (L, 403, 403, 200, 200)),
    ("staff/notices/<int:pk>/", "/staff/notices/{draft}/", (L, 403, 403, 200, 200)),
    ("staff/notices/<int:pk>/edit/", "/staff/notices/{draft}/edit/", (L, 403, 403, 200, 200)),
    ("staff/notices/<int:pk>/publish/", "/staff/notices/{draft}/publish/", (L, 403, 403, 405, 405)),
    ("staff/notices/<int:pk>/cancel/", "/staff/notices/{notice}/cancel/", (L, 403, 403, 200, 200)),
    ("staff/notices/<int:pk>/award/", "/staff/notices/{notice}/award/", (L, 403, 403, 200, 200)),
    (
        "staff/notices/<int:pk>/documents/",
        "/staff/notices/{draft}/documents/",
        (L, 403, 403, 405, 405),
    ),
    ("events/", "/events/", (200, 200, 200, 200, 200)),
    ("events/<int:pk>/", "/events/{event}/", (200, 200, 200, 200, 200)),
    ("events/<int:pk>/calendar.ics", "/events/{event}/calendar.ics", (200,) * 5),
    # Draft events exist for program staff only, as draft notices do.
    ("events/<int:pk>/", "/events/{draft_event}/", (404, 404, 404, 200, 200)),
    (
        "events/<int:pk>/calendar.ics",
        "/events/{draft_event}/calendar.ics",
        (404, 404, 404, 200, 200),
    ),
    ("events/<int:pk>/register/", "/events/{event}/register/", (L, 405, 405, 405, 405)),
    ("events/<int:pk>/cancel/", "/events/{event}/cancel/", (L, 405, 405, 405, 405)),
    ("events/<int:pk>/sessions/", "/events/{event}/sessions/", (L, 405, 405, 405, 405)),
    ("events/<int:pk>/reminders/", "/events/{event}/reminders/", (L, 405, 405, 405, 405)),
    ("events/<int:pk>/colleagues/", "/events/{event}/colleagues/", (L, 405, 405, 405, 405)),
    (
        "events/<int:pk>/colleagues/<int:registration_id>/cancel/",
        "/events/{event}/colleagues/1/cancel/",
        (L, 405, 405, 405, 405),
    ),
    # Meetings with buyers are at procurement fairs only: the matrix's event is a workshop.
    ("events/<int:pk>/meetings/", "/events/{event}/meetings/", (L, 404, 404, 404, 404)),
    (
        "events/<int:pk>/meetings/<int:slot_id>/request/",
        "/events/{event}/meetings/1/request/",
        (L, 405, 405, 405, 405),
    ),
    ("staff/meetings/", "/staff/meetings/", (L, 403, 403, 200, 200)),
    (
        "staff/meetings/desks/<int:buyer_id>/slots/",
        "/staff/meetings/desks/1/slots/",
        (L, 405, 405, 405, 405),
    ),
    (
        "staff/meetings/slots/<int:slot_id>/withdraw/",
        "/staff/meetings/slots/1/withdraw/",
        (L, 405, 405, 405, 405),
    ),
    # A fair's buyers and meetings are program staff's; the matrix's event is a workshop (404).
    ("staff/events/<int:pk>/buyers/", "/staff/events/{event}/buyers/", (L, 403, 403, 405, 405)),
    ("staff/events/<int:pk>/meetings/", "/staff/events/{event}/meetings/", (L, 403, 403, 404, 404)),
    (
        "staff/events/<int:pk>/meetings.csv",
        "/staff/events/{event}/meetings.csv",
        (L, 403, 403, 404, 404),
    ),
    # Certificates: anyone checks one by its token; its PDF is the participant's (the "other"
    # persona here) and staff's; the door and the certificates are program staff's.
    ("certificates/<str:token>/", "/certificates/{certificate_token}/", (200,) * 5),
    ("certificates/<int:pk>/pdf/", "/certificates/{certificate}/pdf/", (L, 404, 200, 200, 200)),
    (
        "staff/events/check-in/<str:token>/",
        "/staff/events/check-in/{check_in_token}/",
        (L, 403, 403, 200, 200),
    ),
    ("staff/events/<int:pk>/check-in/", "/staff/events/{event}/check-in/", (L, 403, 403, 200, 200)),
    (
        "staff/events/<int:pk>/registrations.csv",
        "/staff/events/{event}/registrations.csv",
        (L, 403, 403, 200, 200),
    ),
    (
        "staff/events/<int:pk>/check-in/record/",
        "/staff/events/{event}/check-in/record/",
        (L, 403, 403, 405, 405),
    ),
    (
        "staff/events/<int:pk>/certificates/",
        "/staff/events/{event}/certificates/",
        (L, 403, 403, 405, 405),
    ),
    (
        "staff/certificates/<int:pk>/revoke/",
        "/staff/certificates/{certificate}/revoke/",
        (L, 403, 403, 200, 200),
    ),
    (
        "staff/meetings/<int:request_id>/decide/",
        "/staff/meetings/1/decide/",
        (L, 405, 405, 405, 405),
    ),
    (
        "staff/meetings/<int:request_id>/no-show/",
        "/staff/meetings/1/no-show/",
        (L, 405, 405, 405, 405),
    ),
    ("staff/events/", "/staff/events/", (L, 403, 403, 200, 200)),
    ("staff/events/new/", "/staff/events/new/", (L, 403, 403, 200, 200)),
    ("staff/events/<int:pk>/", "/staff/events/{draft_event}/", (L, 403, 403, 200, 200)),
    ("staff/events/<int:pk>/edit/", "/staff/events/{draft_event}/edit/", (L, 403, 403, 200, 200)),
    (
        "staff/events/<int:pk>/publish/",
        "/staff/events/{draft_event}/publish/",
        (L, 403, 403, 405, 405),
    ),
    ("staff/events/<int:pk>/cancel/", "/staff/events/{event}/cancel/", (L, 403, 403, 200, 200)),
    (
        "staff/events/<int:pk>/invitations/",
        "/staff/events/{event}/invitations/",
        (L, 403, 403, 405, 405),
    ),
    (
        "staff/events/<int:pk>/invitations/<int:invitation_id>/withdraw/",
        "/staff/events/{event}/invitations/1/withdraw/",
        (L, 403, 403, 405, 405),
    ),
    (
        "staff/events/<int:pk>/registrations/<int:registration_id>/seat/",
        "/staff/events/{event}/registrations/1/seat/",
        (L, 403, 403, 405, 405),
    ),
    (
        "staff/events/<int:pk>/sessions/",
        "/staff/events/{draft_event}/sessions/",
        (L, 403, 403, 405, 405),
    ),
    # Who is interested, and the questions asked: program staff only.
    (
        "staff/notices/<int:pk>/interested/",
        "/staff/notices/{notice}/interested/",
        (L, 403, 403, 200, 200),
    ),
    (
        "staff/notices/<int:pk>/interested.csv",
        "/staff/notices/{notice}/interested.csv",
        (L, 403, 403, 200, 200),
    ),
    (
        "staff/notices/<int:pk>/interested/message/",
        "/staff/notices/{notice}/interested/message/",
        (L, 403, 403, 405, 405),
    ),
    (
        "staff/notices/<int:pk>/questions/",
        "/staff/notices/{notice}/questions/",
        (L, 403, 403, 200, 200),
    ),
    (
        "staff/notices/<int:pk>/questions/<int:question_pk>/answer/",
        "/staff/notices/{notice}/questions/999999/answer/",
        (L, 403, 403, 405, 405),
    ),
]

# The admin's own pages.
ADMIN_SITE = [
    ("admin/", "/admin/", (AL, AL, AL, 200, 200)),
    # allauth's secure_admin_login: signed-in users who are not staff are refused.
    ("admin/login/", "/admin/login/", (L, 403, 403, "→/admin/", "→/admin/")),
    ("admin/logout/", "/admin/logout/", ("→/admin/", "→/admin/", "→/admin/", 405, 405)),
    ("admin/password_change/", "/admin/password_change/", (AL, AL, AL, 200, 200)),
    ("admin/password_change/done/", "/admin/password_change/done/", (AL, AL, AL, 200, 200)),
    ("admin/autocomplete/", "/admin/autocomplete/", (AL, AL, AL, 403, 403)),
    ("admin/jsi18n/", "/admin/jsi18n/", (AL, AL, AL, 200, 200)),
    ("admin/r/<path:content_type_id>/<path:object_id>/", "/admin/r/0/0/", (AL, AL, AL, 404, 404)),
    (
        "admin/accounts/user/<id>/password/",
        "/admin/accounts/user/{supplier}/password/",
        (AL, AL, AL, 403, 200),
    ),
    (
        r"admin/^(?P<app_label>auth|accounts|categories|portal|suppliers|notices|events|account|mfa)/$",
        "/admin/notices/",
        (AL, AL, AL, 200, 200),
    ),
    (
        r"admin/^(?P<app_label>auth|accounts|categories|portal|suppliers|notices|events|account|mfa)/$",
        "/admin/accounts/",
        (AL, AL, AL, 404, 200),
    ),
    # Program staff read and mark the contact page's messages, and see nothing else of the portal.
    (
        r"admin/^(?P<app_label>auth|accounts|categories|portal|suppliers|notices|events|account|mfa)/$",
        "/admin/portal/",
        (AL, AL, AL, 200, 200),
    ),
    # Program staff manage the events.
    (
        r"admin/^(?P<app_label>auth|accounts|categories|portal|suppliers|notices|events|account|mfa)/$",
        "/admin/events/",
        (AL, AL, AL, 200, 200),
    ),
    ("admin/(?P<url>.*)$", "/admin/no-such-page/", (AL, AL, AL, 404, 404)),
    # A review decision from a profile's change page: admins only, and only by POST.
    (
        "admin/suppliers/supplier/<path:object_id>/decide/",
        "/admin/suppliers/supplier/{company}/decide/",
        (AL, AL, AL, 403, 400),
    ),
]

# Each model of the admin: (changelist, add, history, delete, change) for (program staff, admin).
# Program staff manage notices, agencies, categories and amendments; only admins see accounts and
# suppliers. Review events are an audit trail (no one adds or deletes them), a published notice is
# cancelled (never deleted), and amendments are recorded by amending.
ADMIN_MODELS = {
    "auth.group": [(403, 200), (403, 200), (403, 200), (403, 200), (403, 200)],
    "accounts.user": [(403, 200), (403, 200), (403, 200), (403, 200), (403, 200)],
    "suppliers.supplier": [(403, 200), (403, 200), (403, 200), (403, 200), (403, 200)],
    "suppliers.reviewevent": [(403, 200), (403, 403), (403, 200), (403, 403), (403, 200)],
    "notices.notice": [(200, 200), (200, 200), (200, 200), (403, 403), (200, 200)],
    "notices.agency": [(200, 200), (200, 200), (200, 200), (403, 200), (200, 200)],
    # The code list comes from its files (manage.py load_categories): staff correct titles only.
    "categories.category": [(200, 200), (403, 403), (200, 200), (403, 403), (200, 200)],
    "notices.amendment": [(200, 200), (403, 403), (200, 200), (403, 200), (200, 200)],
    # Awards are recorded from the notice (or imported); here an award is linked to a supplier.
    "notices.award": [(200, 200), (403, 403), (200, 200), (403, 200), (200, 200)],
    "account.emailaddress": [(403, 200), (403, 200), (403, 200), (403, 200), (403, 200)],
    "mfa.authenticator": [(403, 200), (403, 200), (403, 200), (403, 200), (403, 200)],
    "suppliers.assessmentsection": [(200, 200), (200, 200), (200, 200), (403, 200), (200, 200)],
    "suppliers.assessmentquestion": [(200, 200), (200, 200), (200, 200), (403, 200), (200, 200)],
    "suppliers.assessment": [
        (403, 200),
        (403, 403),
        ("→/admin/", "→/admin/"),
        (403, "→/admin/"),
        (403, "→/admin/"),
    ],
    # The contact page's messages: read and marked handled, never added (they come from the page).
    "portal.contactmessage": [(200, 200), (403, 403), (200, 200), (403, 200), (200, 200)],
    # The alert pipeline, for admins answering "why did I not get this e-mail?": read only; a
    # suppressed address may be deleted (mail reaches it again).
    "notices.alert": [(403, 200), (403, 403), (403, 200), (403, 403), (403, 200)],
    "notices.alertdelivery": [(403, 200), (403, 403), (403, 200), (403, 403), (403, 200)],
    "notices.suppressedaddress": [(403, 200), (403, 403), (403, 200), (403, 200), (403, 200)],
    # Events and their sessions are managed by program staff (never deleted: an event is
    # cancelled); registrations are read only, for everyone: they change by the rules.
    "events.event": [(200, 200), (200, 200), (200, 200), (403, 403), (200, 200)],
    "events.registration": [(200, 200), (403, 403), (200, 200), (403, 403), (200, 200)],
    # Admins mark the agencies' buyers at a fair (program staff have no permission on them yet).
    "events.buyer": [(403, 200), (403, 200), (403, 200), (403, 200), (403, 200)],
    "suppliers.correctiveaction": [
        (403, 200),
        (403, 403),
        ("→/admin/", "→/admin/"),
        (403, "→/admin/"),
        (403, "→/admin/"),
    ],
}
VIEWS = ["", "add/", "{pk}/history/", "{pk}/delete/", "{pk}/change/"]


def admin_model_rows(world) -> list:
    # A step of the review history (an audit trail row) of another company.
    third = SupplierFactory()
    ReviewEvent.objects.create(
        supplier=third,
        actor=third.owner,
        action="submitted",
        from_status="draft",
        to_status="submitted",
    )
    ContactMessage.objects.create(
        name="Wang Fang", email="wang@example.cn", topic="other", message="Hello"
    )
    SuppressedAddress.objects.create(email="bounced@example.com", reason="550 no such user")
    Award.objects.create(
        notice=world.notice,
        supplier=world.company,
        supplier_name="Lotus",
        awarded_on=timezone.localdate(),
    )
    Buyer.objects.create(
        event=EventFactory(kind="fair"), user=StaffFactory(), agency=AgencyFactory(acronym="UNDP")
    )
    rows = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
        for view, (staff, admin_) in zip(VIEWS, ADMIN_MODELS.get(label, []), strict=False):
            route = base + view.replace("{pk}", "<path:object_id>")
            rows.append((route, "/" + base + view.format(pk=pk), (AL, AL, AL, staff, admin_)))
        rows.append(
            (
                base + "<path:object_id>/",
                f"/{base}{pk}/",
                (AL, AL, AL) + (f"→/{base}{pk}/change/",) * 2,
            )
        )
    return rows


def without_second_factor(path: str, codes: tuple) -> object:
    """What staff or an admin without a second factor get at `path`, whose row says `codes`."""
    if path.startswith("/admin/logout/"):
        return codes[3]
    if path.startswith(OPEN_WITHOUT_SECOND_FACTOR):
        return codes[1]
    return SECOND_FACTOR


def invitation_token(world) -> str:
    """The link's token of an invitation to the supplier's company, for an address none of the
    personas has."""
    invitation = Invitation.objects.create(
        supplier=world.company,
        email="invited@example.com",
        role="editor",
        language="en",
        nonce="0" * 32,
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=14),
    )
    return team.token_of(invitation)


def rows_of(world) -> list:
    event = EventFactory(title_en="A published workshop")
    seat = Registration.objects.create(
        event=event, user=world.other, status="confirmed", attended_at=timezone.now()
    )
    certificate = Certificate.objects.create(registration=seat, kind="attendance")
    values = {
        "event": event.pk,
        "draft_event": EventFactory(status="draft").pk,
        "document": world.document.pk,
        "alert": world.alert.pk,
        "notice": world.notice.pk,
        "attachment": world.attachment.pk,
        "draft": world.draft.pk,
        "token": world.unsubscribe_token,
        "supplier": world.supplier.pk,
        "company": world.document.supplier_id,
        "invitation": invitation_token(world),
        "certificate": certificate.pk,
        "certificate_token": certificate.token,
        "check_in_token": attendance.check_in_token(seat),
    }
    site = [(route, path.format(**values), codes) for route, path, codes in SITE + ADMIN_SITE]
    return site + admin_model_rows(world)
