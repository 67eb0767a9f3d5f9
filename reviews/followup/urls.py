from django.urls import path

from reviews.followup import views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("<int:pk>/action-plan/", views.action_plan, name="action_plan"),
    path("<int:pk>/action-plan/comment/", views.plan_comment, name="action_plan_comment"),
    path("action-plan/actions/<int:pk>/", views.action_save, name="action_save"),
]
