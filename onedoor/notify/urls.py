from django.urls import path

from onedoor.notify import views

app_name = "notify"

urlpatterns = [
    path("demo/phone/", views.demo_phone, name="demo-phone"),
]
