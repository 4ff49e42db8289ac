from django.urls import path

from core.replica import reads_from_replica
from notices import api_views, feeds, question_views, staff_views, views

app_name = "notices"

# The public pages that only read may read from a replica (core.replica; without one, as before).
urlpatterns = [
    path("notices/", reads_from_replica(views.notice_list), name="list"),
    path("notices/feed/", reads_from_replica(feeds.NoticeFeed()), name="feed"),
    path("notices/following/", views.followed, name="following"),
    path("notices/<int:pk>/", reads_from_replica(views.notice_detail), name="detail"),
    path(
        "notices/<int:pk>/feed/",
        reads_from_replica(feeds.NoticeUpdatesFeed()),
        name="updates_feed",
    ),
    path("notices/<int:pk>/calendar.ics", views.notice_calendar, name="calendar"),
    path("notices/<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
    path("notices/<int:pk>/follow/", views.follow, name="follow"),
    path("notices/<int:pk>/unfollow/", views.unfollow, name="unfollow"),
    path("api/notices/", reads_from_replica(api_views.api_notices), name="api"),
    path("api/notices/bulk/", api_views.api_bulk_index, name="api_bulk"),
    path("api/notices/bulk/<str:key>.json.gz", api_views.api_bulk_file, name="api_bulk_file"),
    path("api/notices/<str:ocid>/", reads_from_replica(api_views.api_record), name="api_record"),
    path("staff/notices/", staff_views.staff_list, name="staff_list"),
    path("staff/notices/new/", staff_views.staff_create, name="staff_create"),
    path("staff/notices/<int:pk>/", staff_views.staff_detail, name="staff_detail"),
    path("staff/notices/<int:pk>/edit/", staff_views.staff_edit, name="staff_edit"),
    path("staff/notices/<int:pk>/publish/", staff_views.staff_publish, name="staff_publish"),
    path("staff/notices/<int:pk>/cancel/", staff_views.staff_cancel, name="staff_cancel"),
    path("staff/notices/<int:pk>/award/", staff_views.staff_award, name="staff_award"),
    path(
        "staff/notices/<int:pk>/documents/",
        staff_views.staff_add_document,
        name="staff_add_document",
    ),
    path(
        "staff/notices/<int:pk>/questions/",
        question_views.staff_questions,
        name="staff_questions",
    ),
    path(
        "staff/notices/<int:pk>/questions/<int:question_pk>/answer/",
        question_views.staff_answer,
        name="staff_answer",
    ),
]
