"""Records (笔录): on-site inspection and inquiry records (R-01, R-02).

Creation is the case page's "制作笔录" action: its guard, its form (participants must be
officers assigned to the case; signature rules) and `cases.services.create_record`, which
checks two qualified officers on the date (R-01), freezes their certificate numbers on
the record (R-02) and issues the record's document. The API takes the questions and
answers as a list instead of the page's "问：/答：" text.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from api import bridge
from api.base import case_or_404, refuse_unless, validated
from api.pagination import cursor_by
from api.refs import ReadModelSerializer, label_field
from cases import actions, forms, services
from cases.models import Record, RecordOfficer, RecordQA
from core.errors import InvalidTransition

TAG = "records"
CREATE = actions.BY_CODE["create_record"]


class RecordOfficerSerializer(ReadModelSerializer):
    class Meta:
        model = RecordOfficer
        fields = ["officer", "name", "certificate_number"]
        read_only_fields = fields


class QASerializer(ReadModelSerializer):
    class Meta:
        model = RecordQA
        fields = ["seq", "question", "answer"]
        read_only_fields = fields


class RecordSerializer(ReadModelSerializer):
    kind_label = label_field("get_kind_display")
    signature_label = label_field("get_signature_display")
    participants = RecordOfficerSerializer(many=True, read_only=True)
    qa = QASerializer(many=True, read_only=True)

    class Meta:
        model = Record
        fields = [
            "id",
            "case",
            "kind",
            "kind_label",
            "held_on",
            "start_time",
            "end_time",
            "place",
            "subject_name",
            "subject_role",
            "content",
            "signature",
            "signature_label",
            "signature_note",
            "witness",
            "participants",
            "qa",
            "document_id",
            "created_at",
        ]
        read_only_fields = fields


class QAInputSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=5000, label=gettext_lazy("问"))
    answer = serializers.CharField(
        max_length=20000, allow_blank=True, required=False, label=gettext_lazy("答")
    )


RecordCreateSerializer = bridge.serializer_for_form(
    forms.RecordForm,
    "RecordCreate",
    exclude=("qa",),
    extra={
        "qa": serializers.ListField(
            child=QAInputSerializer(),
            required=False,
            max_length=500,
            label=gettext_lazy("问答"),
            help_text=gettext_lazy("询问笔录须至少一组问答"),
        )
    },
)


def _records(case):
    return Record.objects.filter(case=case).prefetch_related("participants", "qa")


class RecordList(generics.ListAPIView):
    serializer_class = RecordSerializer
    pagination_class = cursor_by("id")

    def get_queryset(self):
        return _records(case_or_404(self.request.user, self.kwargs["pk"]))

    @extend_schema(tags=[TAG], operation_id="records_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=[TAG],
        operation_id="records_create",
        request=RecordCreateSerializer,
        responses={201: RecordSerializer},
        description=gettext_lazy(
            "制作笔录：两名以上本案在办执法人员（R-01），记录其执法证号（R-02）。"
        ),
    )
    def post(self, request, pk: int):
        case = case_or_404(request.user, pk)
        if not CREATE.shown(case):
            raise InvalidTransition(
                _("案件处于“%(state)s”状态，当前不能制作笔录") % {"state": case.get_state_display()}
            )
        refuse_unless(CREATE.guard(case, request.user))
        data = validated(RecordCreateSerializer, request)
        qa = [(item["question"], item.get("answer", "")) for item in data.pop("qa", None) or []]
        form = bridge.bind(forms.RecordForm, data, case=case, user=request.user)
        cleaned = dict(form.cleaned_data)
        cleaned["qa"] = qa
        with transaction.atomic():
            record = services.create_record(case, by=request.user, **cleaned)
        return Response(
            RecordSerializer(_records(case).get(pk=record.pk)).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(get=extend_schema(tags=[TAG], operation_id="records_retrieve"))
class RecordDetail(generics.RetrieveAPIView):
    serializer_class = RecordSerializer

    def get_object(self):
        case = case_or_404(self.request.user, self.kwargs["pk"])
        record = _records(case).filter(pk=self.kwargs["rid"]).first()
        if record is None:
            raise Http404()
        return record


urlpatterns = [
    path("cases/<id:pk>/records/", RecordList.as_view(), name="record_list"),
    path("cases/<id:pk>/records/<id:rid>/", RecordDetail.as_view(), name="record_detail"),
]
