from django.urls import path

from suppliers import staff_views

app_name = "assessments"

urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("<int:pk>/", staff_views.detail, name="detail"),
    path("<int:pk>/decide/", staff_views.decide, name="decide"),
    path("<int:pk>/inspections/", staff_views.inspection, name="inspection"),
    path("<int:pk>/findings/", staff_views.finding, name="finding"),
    path("actions/<int:pk>/verify/", staff_views.verify, name="verify"),
]
