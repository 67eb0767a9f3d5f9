from django.urls import path

from sites import planning_views, reviewer_views, views

app_name = "sites"
urlpatterns = [
    path("", views.site_list, name="site_list"),
    path("<int:pk>/", views.site_detail, name="site_detail"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("regions/<int:pk>/planning/", planning_views.region_planning, name="region_planning"),
    path("regions/<int:pk>/policy/", planning_views.region_policy, name="region_policy"),
    path("planning/", planning_views.national_planning, name="national_planning"),
    path("regions/<int:pk>/reviewers/", reviewer_views.region_reviewers, name="region_reviewers"),
    path(
        "regions/<int:pk>/reviewers/<int:user_id>/",
        reviewer_views.reviewer_profile,
        name="reviewer_profile",
    ),
    path("regions/<int:pk>/conflicts/", reviewer_views.conflict_add, name="conflict_add"),
    path(
        "regions/<int:pk>/conflicts/<int:conflict_id>/remove/",
        reviewer_views.conflict_remove,
        name="conflict_remove",
    ),
]
