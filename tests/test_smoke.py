def test_editor_sees_people_list(editor_client, org):
    response = editor_client.get(f"/o/{org.slug}/people/")
    assert response.status_code == 200
    assert "People" in response.content.decode()
