//! A part under construction: the faces gathered so far.

use super::face::Face;
use super::finish;
use crate::error::KitError;
use crate::geom::{Mesh, Point};

/// Which face of a [`Shell`]: returned by every push, so a coupon can add a
/// hole (a label, a cavity's mouth) to a face a helper made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FaceId(usize);

/// The faces of one part, closed into a mesh by [`Shell::finish`].
///
/// Faces only have to agree on where their corners are: a point one face
/// puts on another face's edge (a neighbour's corner, a label lattice point
/// on a cell border) is inserted into that edge by the finishing pass.
#[derive(Debug, Clone, Default)]
pub struct Shell {
    part: String,
    faces: Vec<Face>,
}

impl Shell {
    /// An empty shell for the part called `part` (named in errors).
    ///
    /// ```
    /// use gapgauge::geom::kit::Shell;
    /// let s = Shell::new("housing");
    /// assert!(s.faces().is_empty());
    /// ```
    pub fn new(part: impl Into<String>) -> Shell {
        Shell {
            part: part.into(),
            faces: Vec::new(),
        }
    }

    /// Add a face; returns its id.
    ///
    /// ```
    /// use gapgauge::geom::kit::{Face, Shell};
    /// use gapgauge::geom::{Point, Vector};
    /// let mut s = Shell::new("p");
    /// let id = s.push(Face::new("top", vec![Point::origin(); 3], Vector::z()));
    /// assert_eq!(s.face(id).name, "top");
    /// ```
    pub fn push(&mut self, face: Face) -> FaceId {
        self.faces.push(face);
        FaceId(self.faces.len() - 1)
    }

    /// Cut a hole into face `id`: a label's border, a cavity's mouth.
    ///
    /// ```
    /// use gapgauge::geom::kit::{Face, Shell};
    /// use gapgauge::geom::{Point, Vector};
    /// let mut s = Shell::new("p");
    /// let id = s.push(Face::new("top", vec![Point::origin(); 3], Vector::z()));
    /// s.add_hole(id, vec![Point::origin(); 3]);
    /// assert_eq!(s.face(id).holes.len(), 1);
    /// ```
    pub fn add_hole(&mut self, id: FaceId, hole: Vec<Point>) {
        self.faces[id.0].holes.push(hole);
    }

    /// Add every triangle of an already wound mesh as a face of its own,
    /// named `name`: surfaces built point by point elsewhere (a label's
    /// relief cells) join the shell and the finishing pass like any face.
    ///
    /// ```
    /// use gapgauge::geom::kit::Shell;
    /// use gapgauge::geom::primitives::cuboid;
    /// use gapgauge::geom::Point;
    /// let mut s = Shell::new("box");
    /// s.push_mesh("box", &cuboid(Point::origin(), Point::new(1.0, 1.0, 1.0)));
    /// assert_eq!(s.faces().len(), 12);
    /// assert!((s.finish().unwrap().signed_volume() - 1.0).abs() < 1e-12);
    /// ```
    pub fn push_mesh(&mut self, name: &str, mesh: &Mesh) {
        for t in 0..mesh.triangle_count() {
            self.push(Face::wound(name, mesh.corners(t).to_vec()));
        }
    }

    /// Add every face of `other` (another piece of the same part).
    ///
    /// ```
    /// use gapgauge::geom::kit::{Face, Shell};
    /// use gapgauge::geom::{Point, Vector};
    /// let mut a = Shell::new("p");
    /// let mut b = Shell::new("piece");
    /// b.push(Face::new("f", vec![Point::origin(); 3], Vector::z()));
    /// a.append(b);
    /// assert_eq!(a.faces().len(), 1);
    /// ```
    pub fn append(&mut self, other: Shell) {
        self.faces.extend(other.faces);
    }

    /// Give face `id` another name (helpers that name faces by role).
    pub(super) fn rename(&mut self, id: FaceId, name: String) {
        self.faces[id.0].name = name;
    }

    /// The face with this id.
    ///
    /// ```
    /// use gapgauge::geom::kit::{Face, Shell};
    /// use gapgauge::geom::{Point, Vector};
    /// let mut s = Shell::new("p");
    /// let id = s.push(Face::new("left", vec![Point::origin(); 3], -Vector::x()));
    /// assert_eq!(s.face(id).outward, -Vector::x());
    /// ```
    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id.0]
    }

    /// Every face pushed so far.
    ///
    /// ```
    /// use gapgauge::geom::kit::Shell;
    /// assert_eq!(Shell::new("p").faces().len(), 0);
    /// ```
    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The part's name.
    ///
    /// ```
    /// use gapgauge::geom::kit::Shell;
    /// assert_eq!(Shell::new("comb").part(), "comb");
    /// ```
    pub fn part(&self) -> &str {
        &self.part
    }

    /// Close the shell into a mesh: weld by exact position, insert the
    /// points neighbours put on each face edge, triangulate each face in
    /// its plane and validate. On a defect the error names the face.
    ///
    /// ```
    /// use gapgauge::geom::kit::{Face, Shell};
    /// use gapgauge::geom::{Point, Vector};
    /// // One triangle is no closed solid: the error says which face.
    /// let mut s = Shell::new("p");
    /// s.push(Face::new("lonely", vec![
    ///     Point::origin(), Point::new(1.0, 0.0, 0.0), Point::new(0.0, 1.0, 0.0)], Vector::z()));
    /// let e = s.finish().unwrap_err().to_string();
    /// assert!(e.contains("lonely"), "{e}");
    /// ```
    pub fn finish(self) -> Result<Mesh, KitError> {
        finish::close(&self.part, &self.faces)
    }
}
