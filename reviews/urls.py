from django.urls import path

from reviews import report_views, views
from reviews.scale import views as scale_views

app_name = "reviews"
urlpatterns = [
    path("new/", views.review_create, name="review_create"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/schedule/", views.review_schedule, name="review_schedule"),
    path("<int:pk>/previsit/", views.previsit, name="previsit"),
    path("<int:pk>/rating/", views.rating_workspace, name="rating"),
    path("<int:pk>/rating/submit/", views.rating_submit, name="rating_submit"),
    path("<int:pk>/rating/<int:number>/", views.rating_save, name="rating_save"),
    path("<int:pk>/ratings.csv", views.ratings_csv, name="ratings_csv"),
    path("<int:pk>/consensus/", views.consensus, name="consensus"),
    path("<int:pk>/consensus/complete/", views.consensus_complete, name="consensus_complete"),
    path("<int:pk>/consensus/<int:number>/", views.consensus_save, name="consensus_save"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/ready/", views.report_ready, name="report_ready"),
    path("<int:pk>/report/preview.pdf", report_views.report_preview, name="report_preview"),
    path("<int:pk>/report/sign-off/", report_views.report_signoff, name="report_signoff"),
    path("<int:pk>/report/correct/", report_views.report_correct, name="report_correct"),
    path("reports/<int:pk>/retry/", report_views.report_retry, name="report_retry"),
    path("reports/<int:pk>/download/", report_views.report_download, name="report_download"),
    path("scales/", scale_views.scale_list, name="scale_list"),
    path("scales/<int:pk>/", scale_views.scale_detail, name="scale_detail"),
]
