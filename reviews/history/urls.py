from django.urls import path

from reviews.history import views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("import/", views.import_earlier_reviews, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("research/", views.research_export, name="research_export"),
    path("sites/<int:pk>/trend/", views.site_trend, name="site_trend"),
]
