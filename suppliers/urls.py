from django.urls import path

from suppliers import assessment_views as assessment
from suppliers import team_views as team
from suppliers import views

app_name = "suppliers"

# "" (suppliers:overview) is the supplier's workspace, whose view is the portal's (portal/urls.py).
urlpatterns = [
    path("start/", views.start, name="start"),
    path("submit/", views.submit, name="submit"),
    path("certifications/", views.certifications, name="certifications"),
    path("declarations/", views.declarations, name="declarations"),
    path("documents/", views.documents_page, name="documents"),
    path("documents/<int:pk>/download/", views.document_download, name="document-download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path("documents/<int:pk>/replace/", views.document_replace, name="document-replace"),
    path("categories/search/", views.category_search, name="category-search"),
    path("assessment/", assessment.overview, name="assessment"),
    path("assessment/start/", assessment.start, name="assessment-start"),
    path("assessment/submit/", assessment.submit, name="assessment-submit"),
    path("assessment/plan/", assessment.plan, name="assessment-plan"),
    path(
        "assessment/actions/<int:pk>/progress/",
        assessment.action_progress,
        name="assessment-action-progress",
    ),
    path(
        "assessment/actions/<int:pk>/evidence/",
        assessment.action_evidence,
        name="assessment-action-evidence",
    ),
    path(
        "assessment/evidence/<int:pk>/download/",
        assessment.evidence_download,
        name="assessment-evidence-download",
    ),
    path(
        "assessment/evidence/<int:pk>/delete/",
        assessment.delete_evidence,
        name="assessment-evidence-delete",
    ),
    path("assessment/<slug:code>/", assessment.section, name="assessment-section"),
    path(
        "assessment/<slug:code>/questions/<int:question_pk>/evidence/",
        assessment.add_evidence,
        name="assessment-evidence",
    ),
    path("team/", team.team_page, name="team"),
    path("team/ask/", team.ask, name="team-ask"),
    path("team/leave/", team.leave, name="team-leave"),
    path("team/join/<str:token>/", team.join, name="team-join"),
    path(
        "team/invitations/<int:pk>/send-again/",
        team.invitation_send_again,
        name="team-invitation-send-again",
    ),
    path(
        "team/invitations/<int:pk>/withdraw/",
        team.invitation_withdraw,
        name="team-invitation-withdraw",
    ),
    path("team/members/<int:pk>/role/", team.member_role, name="team-member-role"),
    path("team/members/<int:pk>/transfer/", team.member_transfer, name="team-member-transfer"),
    path("team/members/<int:pk>/remove/", team.member_remove, name="team-member-remove"),
    path("team/requests/<int:pk>/invite/", team.request_invite, name="team-request-invite"),
    path("team/requests/<int:pk>/decline/", team.request_decline, name="team-request-decline"),
    path("<slug:section>/", views.edit_section, name="section"),
]
