from django.urls import path

from entregent.web.views import auth, exchanges, home, people, pickers, preferences

app_name = "entregent"

urlpatterns = [
    path("", home.home, name="home"),
    path("demo/", home.demo, name="demo"),
    path("login/", auth.password_login, name="login"),
    path("login/<str:token>/", auth.login_link, name="login-link"),
    path("logout/", auth.logout, name="logout"),
    path("language/", auth.switch_language, name="language"),
    path("people/", people.people_list, name="people"),
    path("people/new/", people.person_new, name="person-new"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("people/<int:pk>/archive/", people.person_archive, name="person-archive"),
    path("people/<int:pk>/ties/", exchanges.tie_add, name="tie-add"),
    path("people/<int:pk>/favours/", exchanges.favor_add, name="favor-add"),
    path("ties/<int:pk>/remove/", exchanges.tie_remove, name="tie-remove"),
    path("favours/<int:pk>/thanked/", exchanges.favor_thanked, name="favor-thanked"),
    path("interactions/new/", exchanges.interaction_new, name="interaction-new"),
    path("pick/<slug:key>/", pickers.suggestions, name="pick"),
    path("pick/<slug:key>/<int:pk>/", pickers.chosen, name="pick-chosen"),
    path("settings/", preferences.preferences, name="settings"),
]
