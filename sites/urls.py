from django.urls import path

from sites import editing_views, people_views, views

# Under /sites/, in the "sites" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("", views.site_list, name="site_list"),
    path("<int:pk>/", views.site_detail, name="site_detail"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("regions/<int:pk>/people/", people_views.region_people, name="region_people"),
    path("invitations/<int:pk>/resend/", people_views.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/revoke/", people_views.invitation_revoke, name="invitation_revoke"),
    path("memberships/<int:pk>/end/", people_views.membership_end, name="membership_end"),
    path(
        "memberships/<int:pk>/reactivate/",
        people_views.membership_reactivate,
        name="membership_reactivate",
    ),
    path(
        "memberships/<int:pk>/role/",
        people_views.membership_change_role,
        name="membership_change_role",
    ),
    path("new/", editing_views.site_create, name="site_create"),
    path("<int:pk>/edit/", editing_views.site_edit, name="site_edit"),
    path("<int:pk>/deactivate/", editing_views.site_deactivate, name="site_deactivate"),
    path("<int:pk>/reactivate/", editing_views.site_reactivate, name="site_reactivate"),
    path("<int:pk>/teams/new/", editing_views.team_create, name="team_create"),
    path("teams/<int:pk>/edit/", editing_views.team_edit, name="team_edit"),
    path(
        "teams/<int:pk>/deactivate/",
        editing_views.team_set_active,
        {"active": False},
        name="team_deactivate",
    ),
    path(
        "teams/<int:pk>/reactivate/",
        editing_views.team_set_active,
        {"active": True},
        name="team_reactivate",
    ),
]

# At the site's root: the link in an invitation mail.
root_urlpatterns = [
    path("invitations/<str:token>/", people_views.invitation_accept, name="invitation_accept"),
]
