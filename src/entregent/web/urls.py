from django.urls import path

from entregent.web import views

app_name = "entregent"

urlpatterns = [
    path("", views.home, name="home"),
]
