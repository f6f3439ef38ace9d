from django.urls import path

from onedoor.kiosk.views import apply, home, lookup, ticket

app_name = "kiosk"

urlpatterns = [
    path("", home.index, name="index"),
    path("<slug:point>/", home.home, name="home"),
    path("<slug:point>/reset/", home.reset, name="reset"),
    # 取号
    path("<slug:point>/ticket/", ticket.ticket, name="ticket"),
    path("<slug:point>/ticket/issued/", ticket.ticket_issued, name="ticket-issued"),
    # 即办事项
    path("<slug:point>/matters/", apply.matters, name="matters"),
    path("<slug:point>/matters/<slug:code>/", apply.identify, name="identify"),
    path("<slug:point>/matters/<slug:code>/apply/", apply.apply, name="apply"),
    path("<slug:point>/result/", apply.result, name="result"),
    # 查询进度
    path("<slug:point>/progress/", lookup.progress, name="progress"),
    path("<slug:point>/progress/case/", lookup.progress_case, name="progress-case"),
    # 打印
    path("<slug:point>/print/", lookup.print_menu, name="print"),
    path("<slug:point>/print/licence/", lookup.print_licence, name="print-licence"),
    path("<slug:point>/print/licence/copy/", lookup.print_licence_copy, name="print-licence-copy"),
    path("<slug:point>/print/case/", lookup.print_case, name="print-case"),
    path("<slug:point>/print/case/papers/", lookup.print_case_papers, name="print-case-papers"),
]
