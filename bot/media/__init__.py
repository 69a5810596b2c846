"""What people forward besides text: pictures (screenshots, QR codes) and e-mails."""
