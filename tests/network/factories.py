import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from network.models import Employer, EmployerStaff, Membership, Network, Region, Role, User

TEST_PASSWORD = "Een-lang-wachtwoord-42"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    role = Role.WORKER

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(self, TEST_TOTP_SECRET)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netwerk {n}")
    slug = factory.Sequence(lambda n: f"netwerk-{n}")
    region = factory.SubFactory(RegionFactory)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Werkgever {n} BV")
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    municipality = "Utrecht"
    latitude = 52.0907
    longitude = 5.1214


class EmployerStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerStaff

    employer = factory.SubFactory(EmployerFactory)
    user = factory.SubFactory(UserFactory, role=Role.EMPLOYER)
    is_admin = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    employer = factory.SubFactory(EmployerFactory)
    network = factory.SubFactory(NetworkFactory)
    status = Membership.Status.ACTIVE
