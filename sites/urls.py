from django.urls import path

from sites import views

# Under /sites/, in the "sites" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("", views.site_list, name="site_list"),
    path("<int:pk>/", views.site_detail, name="site_detail"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
]
