from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("scales/", views.scale_list, name="scale_list"),
    path("scales/<int:pk>/", views.scale_detail, name="scale_detail"),
]
