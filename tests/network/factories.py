import factory

from network.models import Group, GroupKind, JoinPolicy, Membership, Visibility


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    kind = GroupKind.NETWORK
    slug = factory.Sequence(lambda n: f"network-{n}")
    name = factory.Sequence(lambda n: f"Network {n}")
    visibility = Visibility.PUBLIC
    join_policy = JoinPolicy.REQUEST


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    kind = GroupKind.GROUP
    parent = factory.SubFactory(NetworkFactory)
    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Group {n}")
    visibility = Visibility.PUBLIC
    join_policy = JoinPolicy.OPEN


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("tests.members.factories.UserFactory")
    group = factory.SubFactory(GroupFactory)
