from django.contrib.auth import views as auth_views
from django.urls import path

from onedoor.exchange.views import systems_health
from onedoor.workbench.access import public, staff_required
from onedoor.workbench.views import (
    calling,
    documents,
    hall,
    hall_report,
    home,
    review,
    supervision,
    window,
)

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
    # The window's calling bar (叫号)
    path("window/open/", calling.window_open, name="window-open"),
    path("window/call/", calling.window_call, name="window-call"),
    path("window/recall/", calling.window_recall, name="window-recall"),
    path("window/transfer/", calling.window_transfer, name="window-transfer"),
    path("window/no-show/", calling.window_no_show, name="window-no-show"),
    path("window/pause/", calling.window_pause, name="window-pause"),
    path("window/close/", calling.window_close, name="window-close"),
    path("window/requeue/", calling.window_requeue, name="window-requeue"),
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
    # The service hall: the district, a hall manager's board and the hall's report
    path("hall/", hall_report.district, name="hall"),
    path("hall/figures.csv", hall_report.district_csv, name="hall-figures-csv"),
    path("hall/<slug:service_point>/", hall.hall_board, name="hall-board"),
    path("hall/<slug:service_point>/live/", hall.hall_board_live, name="hall-board-live"),
    path("hall/<slug:service_point>/report/", hall_report.hall_report, name="hall-report"),
    path(
        "hall/<slug:service_point>/report.csv",
        hall_report.hall_report_csv,
        name="hall-report-csv",
    ),
    # The department systems' health (the exchange's page)
    path("systems/", staff_required()(systems_health), name="systems"),
]
