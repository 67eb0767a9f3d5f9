from django.urls import path

from reviews.reports import views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/ready/", views.report_ready, name="report_ready"),
    path("<int:pk>/report/preview.pdf", views.report_preview, name="report_preview"),
    path("<int:pk>/report/sign-off/", views.report_signoff, name="report_signoff"),
    path("<int:pk>/report/correct/", views.report_correct, name="report_correct"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
]

# At the site's root: the public check of a report.
root_urlpatterns = [
    path("verify/", views.verify, name="verify"),
]
