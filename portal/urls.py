from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from portal import interest_views, views
from suppliers import urls as supplier_urls

# The admin's login is allauth's: rate-limited, and it asks for the second factor.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = admin.site.site_title = _("UN Supplier Portal")
admin.site.index_title = _("Administration")

# The supplier's workspace draws on both halves of the domain, so its view is the portal's
# (portal.workspace); it keeps its place at /supplier/ and its name in the suppliers' namespace.
supplier_pages = [
    path("", views.supplier_workspace, name="overview"),
    *supplier_urls.urlpatterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("help/", views.help_page, name="help"),
    path("contact/", views.contact_page, name="contact"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("accounts/preferences/", account_views.preferences, name="preferences"),
    # allauth's confirmation page, which also says when a link has already been used.
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        account_views.confirm_email,
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("supplier/", include((supplier_pages, supplier_urls.app_name))),
    path("alerts/", include("notices.alert_urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/recount/", views.dashboard_recount, name="dashboard-recount"),
    path("dashboard/<slug:chart>.csv", views.dashboard_csv, name="dashboard-csv"),
    path("staff/assessments/", include("suppliers.staff_urls")),
    # Expressions of interest and questions need the user's company: portal.interest_views.
    path("notices/<int:pk>/interest/", interest_views.express_interest, name="notice-interest"),
    path(
        "notices/<int:pk>/interest/withdraw/",
        interest_views.withdraw_interest,
        name="notice-interest-withdraw",
    ),
    path("notices/<int:pk>/questions/", interest_views.ask_question, name="notice-questions"),
    path(
        "staff/notices/<int:pk>/interested/",
        interest_views.staff_interested,
        name="staff-interested",
    ),
    path(
        "staff/notices/<int:pk>/interested.csv",
        interest_views.staff_interested_csv,
        name="staff-interested-csv",
    ),
    path(
        "staff/notices/<int:pk>/interested/message/",
        interest_views.staff_message_interested,
        name="staff-interested-message",
    ),
    path("", include("notices.urls")),
    path("", include("events.urls")),
    path("admin/", admin.site.urls),
]
