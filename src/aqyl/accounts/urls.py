from django.urls import path

from aqyl.accounts import org_views, views

app_name = "accounts"
urlpatterns = [
    path("account/login/", views.SignInView.as_view(), name="login"),
    path("account/logout/", views.SignOutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<str:prefix>/revoke/", views.revoke_token, name="revoke_token"),
    path("organisations/", org_views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", org_views.organisation, name="organisation"),
    path("organisations/<slug:slug>/members/", org_views.organisation_members,
         name="organisation_members"),
]
