import pytest

from incidentwatch.errors import PipelineError
from incidentwatch.pipeline import Pipeline
from incidentwatch.pipeline.clean import CleanStage
from incidentwatch.pipeline.quantities import QuantityStage
from incidentwatch.pipeline.sentences import SentenceStage


def test_pipeline_refuses_a_stage_whose_input_no_earlier_stage_provides(small_resources):
    with pytest.raises(PipelineError, match="quantities.*requires dates"):
        Pipeline([CleanStage(small_resources.boilerplate), SentenceStage(), QuantityStage(small_resources.numbers)])


def test_pipeline_dumps_each_stage_output(tmp_path, small_resources):
    from incidentwatch.pipeline import default_stages
    from tests.factories import make_article

    pipe = Pipeline(default_stages(small_resources), dump_dir=tmp_path)
    pipe(make_article("Four policemen were martyred when militants attacked a checkpost in Bannu on Monday, police said.", id="a1"))
    assert sorted(p.name for p in (tmp_path / "a1").iterdir())[:3] == ["actors.json", "claims.json", "clean.json"]


def test_a_dump_never_leaves_its_folder_whatever_the_article_id(small_resources, tmp_path):
    from incidentwatch.models import RawArticle
    from incidentwatch.pipeline import default_stages

    dump = tmp_path / "dump"
    pipe = Pipeline(default_stages(small_resources), dump_dir=dump)
    text = "Two soldiers were martyred in Bannu on Monday when militants attacked their checkpost, police said."
    pipe(RawArticle(id="../../escaped/x", text=text))
    assert not (tmp_path / "escaped").exists()
    assert [p.name for p in dump.iterdir()] == ["_.._escaped_x"]
