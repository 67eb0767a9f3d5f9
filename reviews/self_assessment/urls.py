from django.urls import path

from reviews.self_assessment import views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path(
        "sites/<int:pk>/self-assessment/",
        views.self_assessment_start,
        name="self_assessment_start",
    ),
    path("<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path(
        "<int:pk>/self-assessment/publish/",
        views.self_assessment_publish,
        name="self_assessment_publish",
    ),
    path(
        "<int:pk>/self-assessment/<int:number>/",
        views.self_assessment_save,
        name="self_assessment_save",
    ),
]
