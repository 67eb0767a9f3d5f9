from django.urls import path

from reviews.followup import views

# Under /reviews/, in the "reviews" namespace (ipsfidelity/urls.py).
urlpatterns = [
    path("<int:pk>/action-plan/", views.action_plan, name="action_plan"),
    path("<int:pk>/action-plan/comment/", views.plan_comment, name="action_plan_comment"),
    path("action-plan/actions/<int:pk>/", views.action_save, name="action_save"),
    # The token is the owner's key: gunicorn's log hides it (ipsfidelity/access_log.py).
    path(
        "action-plan/owner-reminders/<str:token>/",
        views.owner_reminders_stop,
        name="owner_reminders_stop",
    ),
]
