from django.contrib.auth import views as auth_views
from django.urls import path

from onedoor.exchange.views import systems_health
from onedoor.workbench.access import public, staff_required
from onedoor.workbench.views import documents, home, review, supervision, window

app_name = "workbench"

urlpatterns = [
    path("", home.home, name="home"),
    path(
        "login/",
        public(auth_views.LoginView.as_view(template_name="workbench/login.html")),
        name="login",
    ),
    path(
        "logout/",
        public(auth_views.LogoutView.as_view(next_page="/workbench/login/")),
        name="logout",
    ),
    # The window clerk (一门式受理)
    path("window/", window.window, name="window"),
    path("window/next/", window.window_next, name="window-next"),
    path("window/matters/<slug:code>/", window.window_apply, name="window-matter"),
    path(
        "window/bundles/<slug:code>/",
        window.window_apply,
        {"bundle": True},
        name="window-bundle",
    ),
    path("window/cases/<str:number>/", window.window_result, name="window-result"),
    # Department approvers
    path("inbox/", review.inbox, name="inbox"),
    path("tasks/<uuid:task>/claim/", review.claim, name="task-claim"),
    path("tasks/<uuid:task>/decide/", review.decide, name="task-decide"),
    # Cases and their papers
    path("cases/<str:number>/", review.case_page, name="case"),
    path("cases/<str:number>/receipt.pdf", documents.receipt_pdf, name="case-receipt"),
    path("cases/<str:number>/notice.pdf", documents.notice_pdf, name="case-notice"),
    path("cases/<str:number>/refusal.pdf", documents.refusal_pdf, name="case-refusal"),
    path("cases/<str:number>/uploads/<uuid:upload>/", documents.case_upload, name="case-upload"),
    path("licences/<str:number>.pdf", documents.licence_pdf, name="licence-pdf"),
    # Supervision (电子监察)
    path("supervision/person/", supervision.person_vault, name="person-vault"),
    # The department systems' health (the exchange's page)
    path("systems/", staff_required()(systems_health), name="systems"),
]
