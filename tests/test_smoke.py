def test_landing_page_explains_innsikt_in_norwegian(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "korttidsopphold" in response.get_data(as_text=True).lower()
