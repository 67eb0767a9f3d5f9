from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

from ipsfidelity.text import no_identity_number


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        # E-mail addresses are unique whatever their case, so log-in is too.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address.

    What they may do is not stored here but in their memberships
    (sites.Membership): one table says who may do what where.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, validators=[no_identity_number])
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages, e-mails and reports for this person use this language."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("May log in to the administration pages."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # A coordinator may take one mail a week in place of the single mails about their
    # regions (accounts/mail.py names those). The default is in the database too, so
    # code written before the column (older migrations' models) can still add users.
    weekly_digest = models.BooleanField(
        _("one weekly digest instead of single mails about my regions"),
        default=False,
        db_default=False,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="user_language_known",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    def save(self, *args, **kwargs) -> None:
        # Stored in lower case so that log-in and uniqueness ignore case.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ApiToken(AbstractAuthToken):
    """A personal token for the read-only API, named by its owner.

    django-rest-knox keeps only a hash of the token (`digest`) and the first
    characters (`token_key`) to find it; the token itself is shown once, when
    it is made. Revoking deletes the row, so the token stops working at once.
    """

    # knox uses the digest as the primary key; an ordinary id keeps the hash
    # out of the addresses of the token page.
    id: "models.BigAutoField[int, int]" = models.BigAutoField(primary_key=True)
    digest: "models.CharField[str, str]" = models.CharField(
        max_length=CONSTANTS.DIGEST_LENGTH, unique=True
    )
    # knox reads a person's other tokens through this name.
    user: "models.ForeignKey[User, User]" = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="auth_token_set",
        verbose_name=_("user"),
    )
    name: "models.CharField[str, str]" = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the report dashboard."),
        validators=[no_identity_number],
    )
    last_used_at: "models.DateTimeField[datetime | None, datetime | None]" = models.DateTimeField(
        _("last used"), null=True, blank=True
    )
    # A token carries no sign-in of its own: for a person who must use a second
    # factor, it works only if they have an authenticator app, or made it in a
    # session signed in through the organisation (whose sign-in has its own).
    made_after_organisation_signin: "models.BooleanField[bool, bool]" = models.BooleanField(
        _("made after signing in through the organisation"), default=False
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user}: {self.name}"


class MailOptOut(models.Model):
    """A kind of work mail a person has turned off. The kind is the mail's template name
    ("report_published", "reminder_visit_soon"); mails about the account itself
    (invitations, a new role, a password reset) cannot be turned off."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mail_opt_outs")
    kind = models.CharField(_("kind of mail"), max_length=60)

    class Meta:
        verbose_name = _("mail turned off")
        verbose_name_plural = _("mails turned off")
        constraints = [models.UniqueConstraint("user", "kind", name="mail_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"
