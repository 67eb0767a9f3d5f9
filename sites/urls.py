from django.urls import path

from sites import planning_views, views

app_name = "sites"
urlpatterns = [
    path("", views.site_list, name="site_list"),
    path("<int:pk>/", views.site_detail, name="site_detail"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("regions/<int:pk>/planning/", planning_views.region_planning, name="region_planning"),
    path("regions/<int:pk>/policy/", planning_views.region_policy, name="region_policy"),
    path("planning/", planning_views.national_planning, name="national_planning"),
]
