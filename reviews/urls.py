from django.urls import path

from reviews import views

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
    path("scales/", views.scale_list, name="scale_list"),
    path("scales/<int:pk>/", views.scale_detail, name="scale_detail"),
]
