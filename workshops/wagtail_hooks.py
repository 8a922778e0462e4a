"""Admin hooks of workshops."""

from wagtail import hooks

from workshops.admin_dashboard import add_dashboard_panel

hooks.register("construct_homepage_panels", add_dashboard_panel)
