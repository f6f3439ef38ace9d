from django.urls import path

from onedoor.hall import account_views, apply_views, licence_views, signin_views, views

app_name = "hall"

urlpatterns = [
    path("", views.index, name="index"),
    path("matters/", views.search, name="search"),
    path("matters/<slug:code>", views.matter_guide, name="matter"),
    path("bundles/<slug:code>", views.bundle_guide, name="bundle"),
    path("browse/", views.browse, name="browse"),
    path("display-mode/", views.display_mode, name="display-mode"),
    path("licences/<str:number>/verify", licence_views.verify_page, name="licence-verify"),
    # citizens: signing in
    path("signin/", signin_views.signin, name="signin"),
    path("signin/code/", signin_views.signin_code, name="signin-code"),
    path("signin/oidc/", signin_views.signin_oidc, name="signin-oidc"),
    path("signin/oidc/callback/", signin_views.signin_oidc_callback, name="signin-oidc-callback"),
    path("signout/", signin_views.signout, name="signout"),
    # citizens: applying online
    path("apply/<slug:code>", apply_views.apply, name="apply"),
    path("apply/bundles/<slug:code>", apply_views.apply, {"bundle": True}, name="apply-bundle"),
    path("drafts/<uuid:draft>/", apply_views.draft_page, name="draft"),
    # citizens: their own
    path("me/", account_views.me, name="me"),
    path("me/licences/", account_views.my_licences, name="my-licences"),
    path("me/licences/<str:number>/pdf", account_views.licence_pdf, name="licence-pdf"),
    path("me/data/", account_views.my_data, name="my-data"),
    path("cases/<str:number>", account_views.case_page, name="case"),
    path("cases/<str:number>/supplement", account_views.case_supplement, name="case-supplement"),
    path("cases/<str:number>/rating", account_views.case_rating, name="case-rating"),
    path(
        "cases/<str:number>/licences/<str:licence>",
        account_views.case_download,
        name="case-download",
    ),
]
