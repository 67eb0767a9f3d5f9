from django.urls import path

from reviews.rating import views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    # The offline worker's scope is the folder it is served from: /reviews/.
    path("offline-worker.js", views.offline_worker, name="offline_worker"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/previsit/", views.previsit, name="previsit"),
    path("<int:pk>/rating/", views.rating_workspace, name="rating"),
    path("<int:pk>/rating/submit/", views.rating_submit, name="rating_submit"),
    path("<int:pk>/rating/<int:number>/", views.rating_save, name="rating_save"),
    path("<int:pk>/ratings.csv", views.ratings_csv, name="ratings_csv"),
    path("<int:pk>/consensus/", views.consensus, name="consensus"),
    path("<int:pk>/consensus/complete/", views.consensus_complete, name="consensus_complete"),
    path(
        "<int:pk>/consensus/accept-agreed/",
        views.consensus_accept_agreed,
        name="consensus_accept_agreed",
    ),
    path("<int:pk>/consensus/<int:number>/", views.consensus_save, name="consensus_save"),
]
