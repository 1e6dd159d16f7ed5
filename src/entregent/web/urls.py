from django.urls import path

from entregent.web.views import auth, exchanges, home, people, pickers, preferences
from entregent.web.views import export as export_views
from entregent.web.views import feed as feed_views
from entregent.web.views import imports as import_views
from entregent.web.views import plan as plan_views

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
    path("settings/feed/new/", feed_views.rotate, name="feed-rotate"),
    path("feed/<str:token>.ics", feed_views.calendar, name="feed"),
    path("plan/<str:key>/log/", plan_views.log, name="plan-log"),
    path("plan/<str:key>/decide/", plan_views.decide, name="plan-decide"),
    path("imports/", import_views.imports_page, name="imports"),
    path("imports/upload/", import_views.import_upload, name="import-upload"),
    path("imports/<int:pk>/", import_views.import_detail, name="import"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/cancel/", import_views.import_cancel, name="import-cancel"),
    path("imports/<int:pk>/undo/", import_views.import_undo, name="import-undo"),
    path("merges/", import_views.merges, name="merges"),
    path("export/", export_views.export_page, name="export"),
    path("export/vcard/", export_views.vcard_download, name="export-vcard"),
    path("export/csv/<slug:table>/", export_views.csv_download, name="export-csv"),
    path("export/backup/", export_views.backup_download, name="export-backup"),
    path("people/<int:pk>/export/", export_views.person_export, name="person-export"),
    path("people/<int:pk>/erase/", export_views.person_erase, name="person-erase"),
]
