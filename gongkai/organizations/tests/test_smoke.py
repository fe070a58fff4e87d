def test_personas_share_a_site(clerk_a, other_clerk, office):
    assert clerk_a.staff.organisation.site_id == office.staff.organisation.site_id
    assert clerk_a.staff.organisation != other_clerk.staff.organisation
