import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("Worker")
    PROFESSIONAL = "professional", _("Reintegration professional")
    EMPLOYER = "employer", _("Employer staff")
    COORDINATOR = "coordinator", _("Network coordinator")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an e-mail login. `role` says which journey they are on."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WORKER)
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class Region(models.Model):
    """A labour-market region (arbeidsmarktregio)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class NetworkQuerySet(models.QuerySet):
    def coordinated_by(self, user):
        return self.filter(coordinators=user)


class Network(models.Model):
    """A regional network of employers open to second-track reintegration."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="networks", verbose_name=_("region"))
    description = models.TextField(_("description"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_networks",
        limit_choices_to={"role": Role.COORDINATOR},
        verbose_name=_("coordinators"),
    )

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name


kvk_validator = RegexValidator(r"^\d{8}$", _("A KvK number has exactly 8 digits."), code="kvk")


class Employer(models.Model):
    class Size(models.TextChoices):
        MICRO = "1-9", _("1 to 9 employees")
        SMALL = "10-49", _("10 to 49 employees")
        MEDIUM = "50-249", _("50 to 249 employees")
        LARGE = "250+", _("250 employees or more")

    name = models.CharField(_("name"), max_length=200)
    kvk_number = models.CharField(_("KvK number"), max_length=8, unique=True, validators=[kvk_validator])
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    website = models.URLField(_("website"), blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="EmployerStaff", related_name="employers", verbose_name=_("staff")
    )
    networks = models.ManyToManyField(Network, through="Membership", related_name="employers")

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self):
        return self.name

    def staff_emails(self) -> list[str]:
        """Where e-mails about this employer go: every staff member, sorted."""
        return sorted(self.staff_links.values_list("user__email", flat=True))


class EmployerStaff(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="staff_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_links")
    is_admin = models.BooleanField(_("may manage staff"), default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "user"], name="unique_employer_staff")]
        verbose_name = _("employer staff member")
        verbose_name_plural = _("employer staff members")

    def __str__(self):
        return f"{self.user} @ {self.employer}"


class MembershipQuerySet(models.QuerySet):
    def of_staff(self, user):
        """The memberships of the employers this user works for."""
        return self.filter(employer__staff_links__user=user)


class Membership(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    class Offer(models.TextChoices):
        BUDDY = "buddy", _("a buddy (colleague)")
        JOB_COACH = "job_coach", _("a job coach")
        PHASED_START = "phased_start", _("a phased start (building up hours)")
        TRIAL_PLACEMENT = "trial_placement", _("a trial placement")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="memberships")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    offers = models.JSONField(_("support we can offer"), default=list, blank=True)
    statement = models.TextField(_("why we are open to reintegration"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        "network.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Billing(models.TextChoices):
        NONE = "none", _("not yet paying")
        TRIALING = "trialing", _("trial period")
        ACTIVE = "active", _("paid")
        PAST_DUE = "past_due", _("payment overdue")
        CANCELED = "canceled", _("cancelled")
        INVOICED_OFFLINE = "invoiced", _("invoiced offline")

    billing_status = models.CharField(_("billing"), max_length=10, choices=Billing.choices, default=Billing.NONE)
    verified_at = models.DateTimeField(_("openness verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "network.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("openness verified by"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "network"], name="unique_membership")]
        indexes = [models.Index(fields=["network", "status"])]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.employer} in {self.network} ({self.get_status_display()})"

    @property
    def is_verified(self):
        return self.verified_at is not None


class EmployerClaim(models.Model):
    """A request by a signed-up user to work for an employer that is already registered."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_claims")
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "user"],
                condition=models.Q(status="open"),
                name="one_open_claim_per_employer_and_user",
            ),
        ]
        verbose_name = _("employer claim")
        verbose_name_plural = _("employer claims")

    def __str__(self):
        return f"{self.user} → {self.employer} ({self.get_status_display()})"


def _new_token():
    return secrets.token_urlsafe(32)


class StaffInvitation(models.Model):
    """An invitation for a colleague to join an employer's staff."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self):
        return f"{self.email} → {self.employer}"

    @property
    def is_open(self):
        return self.accepted_at is None
