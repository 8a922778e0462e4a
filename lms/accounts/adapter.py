"""allauth adapter: people sign in by e-mail; the username Wagtail keeps is that e-mail."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user) -> None:
        """Fill the (unique) username with the e-mail, as the demo accounts have it.

        allauth leaves it empty when login is by e-mail only, and a second empty username
        would break the unique constraint of the user table.
        """
        if not user.username:
            user.username = user.email
