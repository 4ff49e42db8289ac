from django.urls import path

from notices import alert_views

app_name = "alerts"

urlpatterns = [
    path("", alert_views.alert_list, name="list"),
    path("new/", alert_views.alert_create, name="create"),
    path("log/", alert_views.delivery_log, name="log"),
    path("log/confirm-address/", alert_views.confirm_address, name="confirm-address"),
    path("<int:pk>/", alert_views.alert_edit, name="edit"),
    path("<int:pk>/pause/", alert_views.alert_pause, name="pause"),
    path("<int:pk>/delete/", alert_views.alert_delete, name="delete"),
    path("<int:pk>/restore/", alert_views.alert_restore, name="restore"),
    path("unsubscribe/<str:token>/", alert_views.unsubscribe, name="unsubscribe"),
]
