from django.urls import path

from reviews.planning import calendar_views, dashboard_views, mail_settings, reviewer_views, views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("new/", views.review_create, name="review_create"),
    path("<int:pk>/schedule/", views.review_schedule, name="review_schedule"),
    path("mail/", mail_settings.mail_settings, name="mail_settings"),
]

# Under /sites/, in the "sites" namespace: a region's planning pages.
sites_urlpatterns = [
    path("<int:pk>/scale/", views.site_scale, name="site_scale"),
    path("regions/<int:pk>/planning/", dashboard_views.region_planning, name="region_planning"),
    path("regions/<int:pk>/policy/", dashboard_views.region_policy, name="region_policy"),
    path(
        "regions/<int:pk>/policy/logo/",
        dashboard_views.region_report_logo,
        name="region_report_logo",
    ),
    path("planning/", dashboard_views.national_planning, name="national_planning"),
    path("regions/<int:pk>/reviewers/", reviewer_views.region_reviewers, name="region_reviewers"),
    path(
        "regions/<int:pk>/reviewers/<int:user_id>/",
        reviewer_views.reviewer_profile,
        name="reviewer_profile",
    ),
    path("regions/<int:pk>/leave/", reviewer_views.leave_add, name="leave_add"),
    path(
        "regions/<int:pk>/leave/<int:leave_id>/remove/",
        reviewer_views.leave_remove,
        name="leave_remove",
    ),
    path("regions/<int:pk>/conflicts/", reviewer_views.conflict_add, name="conflict_add"),
    path(
        "regions/<int:pk>/conflicts/<int:conflict_id>/remove/",
        reviewer_views.conflict_remove,
        name="conflict_remove",
    ),
]

# At the site's root: each person's home page and the reviewer's calendar.
root_urlpatterns = [
    path("", views.home, name="home"),
    path("calendar/", calendar_views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("calendar/leave/<int:pk>/remove/", calendar_views.my_leave_remove, name="my_leave_remove"),
]
