"""Sign in, sign out and password reset on Django's own views, in GOV.UK forms."""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import path

from dpassure.core.forms import GovukForm


class SignInForm(GovukForm, auth_forms.AuthenticationForm):
    pass


class PasswordResetForm(GovukForm, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(GovukForm, auth_forms.SetPasswordForm):
    pass


urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm,
            extra_context={"page_title": "Sign in to DP Assure", "button": "Sign in"},
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            extra_context={"page_title": "Reset your password", "button": "Send the link"},
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(extra_context={"page_title": "Check your email"}),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=SetPasswordForm,
            extra_context={"page_title": "Choose a new password", "button": "Save password"},
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            extra_context={"page_title": "Password changed"}
        ),
        name="password_reset_complete",
    ),
]
