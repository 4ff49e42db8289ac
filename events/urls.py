from django.urls import path

from events import certificate_views, meeting_views, staff_views, views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("events/<int:pk>/calendar.ics", views.event_calendar, name="calendar"),
    path("events/<int:pk>/register/", views.register, name="register"),
    path("events/<int:pk>/cancel/", views.cancel_registration, name="cancel_registration"),
    path("events/<int:pk>/sessions/", views.choose_sessions, name="choose_sessions"),
    path("events/<int:pk>/reminders/", views.set_reminders, name="reminders"),
    path("events/<int:pk>/colleagues/", views.register_colleague, name="register_colleague"),
    path(
        "events/<int:pk>/colleagues/<int:registration_id>/cancel/",
        views.cancel_colleague,
        name="cancel_colleague",
    ),
    path("events/<int:pk>/meetings/", meeting_views.meet_buyer, name="meet"),
    path(
        "events/<int:pk>/meetings/<int:slot_id>/request/",
        meeting_views.request_meeting,
        name="request_meeting",
    ),
    path("staff/meetings/", meeting_views.my_meetings, name="my_meetings"),
    path(
        "staff/meetings/desks/<int:buyer_id>/slots/",
        meeting_views.publish_slot,
        name="publish_slot",
    ),
    path(
        "staff/meetings/slots/<int:slot_id>/withdraw/",
        meeting_views.withdraw_slot,
        name="withdraw_slot",
    ),
    path("staff/events/<int:pk>/buyers/", meeting_views.add_buyer, name="add_buyer"),
    path("staff/events/<int:pk>/meetings/", meeting_views.fair_meetings, name="fair_meetings"),
    path(
        "staff/events/<int:pk>/meetings.csv",
        meeting_views.fair_meetings_csv,
        name="fair_meetings_csv",
    ),
    path(
        "staff/meetings/<int:request_id>/decide/",
        meeting_views.decide_meeting,
        name="decide_meeting",
    ),
    path("staff/meetings/<int:request_id>/no-show/", meeting_views.record_no_show, name="no_show"),
    path("certificates/<str:token>/", certificate_views.verify, name="certificate_verify"),
    path("certificates/<int:pk>/pdf/", certificate_views.download, name="certificate_pdf"),
    path(
        "staff/events/check-in/<str:token>/",
        certificate_views.check_in_by_token,
        name="check_in_by_token",
    ),
    path("staff/events/<int:pk>/check-in/", certificate_views.check_in_list, name="check_in_list"),
    path("staff/events/<int:pk>/check-in/record/", certificate_views.check_in, name="check_in"),
    path(
        "staff/events/<int:pk>/certificates/",
        certificate_views.issue_certificates,
        name="issue_certificates",
    ),
    path(
        "staff/certificates/<int:pk>/revoke/",
        certificate_views.revoke_certificate,
        name="revoke_certificate",
    ),
    path("staff/events/", staff_views.staff_list, name="staff_list"),
    path("staff/events/new/", staff_views.staff_create, name="staff_create"),
    path("staff/events/<int:pk>/", staff_views.staff_detail, name="staff_detail"),
    path("staff/events/<int:pk>/edit/", staff_views.staff_edit, name="staff_edit"),
    path(
        "staff/events/<int:pk>/registrations.csv",
        staff_views.staff_registrations_csv,
        name="staff_registrations_csv",
    ),
    path("staff/events/<int:pk>/publish/", staff_views.staff_publish, name="staff_publish"),
    path("staff/events/<int:pk>/invitations/", staff_views.staff_invite, name="staff_invite"),
    path(
        "staff/events/<int:pk>/invitations/<int:invitation_id>/withdraw/",
        staff_views.staff_withdraw_invitation,
        name="staff_withdraw_invitation",
    ),
    path(
        "staff/events/<int:pk>/registrations/<int:registration_id>/seat/",
        staff_views.staff_give_seat,
        name="staff_give_seat",
    ),
    path("staff/events/<int:pk>/cancel/", staff_views.staff_cancel, name="staff_cancel"),
    path(
        "staff/events/<int:pk>/sessions/", staff_views.staff_add_session, name="staff_add_session"
    ),
]
