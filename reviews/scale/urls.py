from django.urls import path

from reviews.scale import views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("scales/", views.scale_list, name="scale_list"),
    path("scales/upload/", views.scale_upload, name="scale_upload"),
    path("scales/load/", views.scale_load, name="scale_load"),
    path("scales/<int:pk>/", views.scale_detail, name="scale_detail"),
    path("scales/<int:pk>/make-current/", views.scale_make_current, name="scale_make_current"),
]
