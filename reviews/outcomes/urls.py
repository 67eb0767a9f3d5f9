from django.urls import path

from reviews.outcomes import views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("sites/<int:pk>/outcomes/", views.site_outcomes, name="site_outcomes"),
    path("outcomes/", views.outcomes_overview, name="outcomes_overview"),
    path("outcomes/import/", views.outcomes_import, name="outcomes_import"),
    path(
        "outcomes/import/template.csv",
        views.outcomes_import_template,
        name="outcomes_import_template",
    ),
]
