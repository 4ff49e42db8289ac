from django.urls import path

from suppliers import views

app_name = "suppliers"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("start/", views.start, name="start"),
    path("submit/", views.submit, name="submit"),
    path("certifications/", views.certifications, name="certifications"),
    path("declarations/", views.declarations, name="declarations"),
    path("documents/", views.documents_page, name="documents"),
    path("documents/<int:pk>/download/", views.document_download, name="document-download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path("documents/<int:pk>/replace/", views.document_replace, name="document-replace"),
    path("categories/search/", views.category_search, name="category-search"),
    path("<slug:section>/", views.edit_section, name="section"),
]
