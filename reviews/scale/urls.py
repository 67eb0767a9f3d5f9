from django.urls import path

from reviews.scale import views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("scales/", views.scale_list, name="scale_list"),
    path("scales/<int:pk>/", views.scale_detail, name="scale_detail"),
]
